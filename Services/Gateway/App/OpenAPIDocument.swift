/// The public API's OpenAPI 3.1 document, served at `/api/v1/openapi.json`.
///
/// Kept true by the gateway's OpenAPI test, which compares it with the routes the gateway's router
/// really has, both ways; each operation's `x-permission` is the permission the route declares.
/// Grows with every public route.
public enum OpenAPIDocument {
    public static let json = #"""
{
 "openapi": "3.1.0",
 "info": {
  "title": "ModPorter API",
  "version": "1.0.0",
  "description": "The public REST API of ModPorter: Minecraft Java mods to Bedrock add-ons. Every error has the shape {\"error\": {\"code\", \"message\", \"request_id\"}}."
 },
 "servers": [
  {
   "url": "/"
  }
 ],
 "paths": {
  "/api/v1/health": {
   "get": {
    "operationId": "platformHealth",
    "summary": "Every service process's readiness",
    "tags": [
     "platform"
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/PlatformHealth"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "413": {
      "$ref": "#/components/responses/TooLarge"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     },
     "503": {
      "description": "degraded",
      "content": {
       "application/json": {
        "schema": {
         "oneOf": [
          {
           "$ref": "#/components/schemas/PlatformHealth"
          },
          {
           "$ref": "#/components/schemas/Error"
          }
         ]
        }
       }
      }
     }
    },
    "security": []
   }
  },
  "/api/v1/openapi.json": {
   "get": {
    "operationId": "openAPIDocument",
    "summary": "This document",
    "tags": [
     "platform"
    ],
    "responses": {
     "200": {
      "description": "the OpenAPI 3.1 document",
      "content": {
       "application/json": {
        "schema": {
         "type": "object"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "413": {
      "$ref": "#/components/responses/TooLarge"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    },
    "security": []
   }
  },
  "/api/v1/auth/register": {
   "post": {
    "operationId": "register",
    "summary": "Create an account (NIST 800-63B password rules)",
    "tags": [
     "auth"
    ],
    "responses": {
     "201": {
      "description": "created and signed in",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/TokenPair"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "413": {
      "$ref": "#/components/responses/TooLarge"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     },
     "409": {
      "description": "the email is taken",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "422": {
      "description": "the password breaks a rule (code names it)",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/Credentials"
       }
      }
     }
    }
   }
  },
  "/api/v1/auth/login": {
   "post": {
    "operationId": "login",
    "summary": "Sign in; answers a 2FA challenge when the second factor is on",
    "tags": [
     "auth"
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "oneOf": [
          {
           "$ref": "#/components/schemas/TokenPair"
          },
          {
           "$ref": "#/components/schemas/MFAChallenge"
          }
         ]
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "413": {
      "$ref": "#/components/responses/TooLarge"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     },
     "401": {
      "description": "the email or the password is wrong (same answer for both)",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/Credentials"
       }
      }
     }
    }
   }
  },
  "/api/v1/auth/login/2fa": {
   "post": {
    "operationId": "loginSecondFactor",
    "summary": "Finish a sign-in with a TOTP code or a recovery code",
    "tags": [
     "auth"
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/TokenPair"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "413": {
      "$ref": "#/components/responses/TooLarge"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     },
     "401": {
      "description": "wrong, replayed or expired",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/SecondFactor"
       }
      }
     }
    }
   }
  },
  "/api/v1/auth/refresh": {
   "post": {
    "operationId": "refresh",
    "summary": "Rotate a refresh token (body, or the mp_refresh cookie with X-CSRF-Token)",
    "tags": [
     "auth"
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/TokenPair"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "413": {
      "$ref": "#/components/responses/TooLarge"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     },
     "401": {
      "description": "unknown, used (the family is revoked), expired or revoked",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "403": {
      "description": "the CSRF header does not match the cookie",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [],
    "requestBody": {
     "required": false,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/RefreshRequest"
       }
      }
     }
    }
   }
  },
  "/api/v1/auth/verify-email/request": {
   "post": {
    "operationId": "requestEmailVerification",
    "summary": "Mail a new verification link to the account's address",
    "tags": [
     "auth"
    ],
    "responses": {
     "202": {
      "description": "the mail is on its way"
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "413": {
      "$ref": "#/components/responses/TooLarge"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "409": {
      "description": "the address is verified already",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "x-permission": "account:manage",
    "description": "Needs the permission `account:manage`. A signed-in session only (personal API tokens are refused)."
   }
  },
  "/api/v1/auth/verify-email": {
   "post": {
    "operationId": "verifyEmail",
    "summary": "Confirm the address with the mailed token (single use, 24 h)",
    "tags": [
     "auth"
    ],
    "responses": {
     "204": {
      "description": "done"
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "413": {
      "$ref": "#/components/responses/TooLarge"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     },
     "422": {
      "description": "unknown, used or expired",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/MailToken"
       }
      }
     }
    }
   }
  },
  "/api/v1/auth/password-reset/request": {
   "post": {
    "operationId": "requestPasswordReset",
    "summary": "Mail a reset link if the address has an account (the answer is the same either way)",
    "tags": [
     "auth"
    ],
    "responses": {
     "202": {
      "description": "accepted"
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "413": {
      "$ref": "#/components/responses/TooLarge"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    },
    "security": [],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/ResetRequest"
       }
      }
     }
    }
   }
  },
  "/api/v1/auth/password-reset": {
   "post": {
    "operationId": "resetPassword",
    "summary": "Set a new password with the mailed token (single use, 1 h); every session ends",
    "tags": [
     "auth"
    ],
    "responses": {
     "204": {
      "description": "done"
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "413": {
      "$ref": "#/components/responses/TooLarge"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     },
     "422": {
      "description": "unknown, used or expired token, or a password the rules refuse",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/PasswordReset"
       }
      }
     }
    }
   }
  },
  "/api/v1/auth/logout": {
   "post": {
    "operationId": "logout",
    "summary": "End this session at once",
    "tags": [
     "auth"
    ],
    "responses": {
     "204": {
      "description": "done"
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "413": {
      "$ref": "#/components/responses/TooLarge"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "x-permission": "account:manage",
    "description": "Needs the permission `account:manage`. A signed-in session only (personal API tokens are refused)."
   }
  },
  "/api/v1/auth/logout-all": {
   "post": {
    "operationId": "logoutAll",
    "summary": "End every session of the account",
    "tags": [
     "auth"
    ],
    "responses": {
     "204": {
      "description": "done"
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "413": {
      "$ref": "#/components/responses/TooLarge"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "x-permission": "account:manage",
    "description": "Needs the permission `account:manage`. A signed-in session only (personal API tokens are refused)."
   }
  },
  "/api/v1/auth/2fa/setup": {
   "post": {
    "operationId": "setupTwoFactor",
    "summary": "Start TOTP setup: the secret and an otpauth URI",
    "tags": [
     "auth"
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/TwoFactorSetup"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "413": {
      "$ref": "#/components/responses/TooLarge"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "409": {
      "description": "2FA is already on",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "x-permission": "account:manage",
    "description": "Needs the permission `account:manage`. A signed-in session only (personal API tokens are refused)."
   }
  },
  "/api/v1/auth/2fa/enable": {
   "post": {
    "operationId": "enableTwoFactor",
    "summary": "Turn TOTP on with a valid code; answers 10 recovery codes",
    "tags": [
     "auth"
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/RecoveryCodes"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "413": {
      "$ref": "#/components/responses/TooLarge"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "422": {
      "description": "the code does not match",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "x-permission": "account:manage",
    "description": "Needs the permission `account:manage`. A signed-in session only (personal API tokens are refused).",
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/Code"
       }
      }
     }
    }
   }
  },
  "/api/v1/auth/2fa/disable": {
   "post": {
    "operationId": "disableTwoFactor",
    "summary": "Turn TOTP off with a current code or a recovery code",
    "tags": [
     "auth"
    ],
    "responses": {
     "204": {
      "description": "done"
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "413": {
      "$ref": "#/components/responses/TooLarge"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "422": {
      "description": "a valid code is required",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "x-permission": "account:manage",
    "description": "Needs the permission `account:manage`. A signed-in session only (personal API tokens are refused).",
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/Code"
       }
      }
     }
    }
   }
  },
  "/api/v1/auth/session": {
   "get": {
    "operationId": "currentSession",
    "summary": "The verified token's user, session, roles and permissions",
    "tags": [
     "auth"
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Session"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "413": {
      "$ref": "#/components/responses/TooLarge"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "x-permission": null,
    "description": "A signed-in session only (personal API tokens are refused)."
   }
  },
  "/api/v1/users/me": {
   "get": {
    "operationId": "me",
    "summary": "The signed-in account",
    "tags": [
     "users"
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Me"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "413": {
      "$ref": "#/components/responses/TooLarge"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "x-permission": "account:manage",
    "description": "Needs the permission `account:manage`."
   },
   "patch": {
    "operationId": "updateMe",
    "summary": "Change the email and/or the password (confirmed with the current one)",
    "tags": [
     "users"
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/UserSummary"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "413": {
      "$ref": "#/components/responses/TooLarge"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "409": {
      "description": "the email is taken",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "422": {
      "description": "the new password breaks a rule",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "x-permission": "account:manage",
    "description": "Needs the permission `account:manage`. A signed-in session only (personal API tokens are refused).",
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/ProfileUpdate"
       }
      }
     }
    }
   },
   "delete": {
    "operationId": "deleteMe",
    "summary": "Delete the account and everything it owns (confirmed with the password); publishes user.deleted",
    "tags": [
     "users"
    ],
    "responses": {
     "204": {
      "description": "done"
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "413": {
      "$ref": "#/components/responses/TooLarge"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "x-permission": "account:manage",
    "description": "Needs the permission `account:manage`. A signed-in session only (personal API tokens are refused).",
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/PasswordConfirm"
       }
      }
     }
    }
   }
  },
  "/api/v1/users/me/tokens": {
   "get": {
    "operationId": "listAPITokens",
    "summary": "The account's personal API tokens (never their secrets)",
    "tags": [
     "users"
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/APITokenList"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "413": {
      "$ref": "#/components/responses/TooLarge"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "x-permission": "account:manage",
    "description": "Needs the permission `account:manage`. A signed-in session only (personal API tokens are refused)."
   },
   "post": {
    "operationId": "createAPIToken",
    "summary": "Create a personal API token scoped to permissions the account holds; the secret is shown once",
    "tags": [
     "users"
    ],
    "responses": {
     "201": {
      "description": "created",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/CreatedAPIToken"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "413": {
      "$ref": "#/components/responses/TooLarge"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "422": {
      "description": "unknown scope, bad name or expiry",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "x-permission": "account:manage",
    "description": "Needs the permission `account:manage`. A signed-in session only (personal API tokens are refused).",
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/NewAPIToken"
       }
      }
     }
    }
   }
  },
  "/api/v1/users/me/tokens/{id}": {
   "delete": {
    "operationId": "revokeAPIToken",
    "summary": "Revoke one of the account's API tokens",
    "tags": [
     "users"
    ],
    "responses": {
     "204": {
      "description": "done"
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "413": {
      "$ref": "#/components/responses/TooLarge"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "description": "no such token (another user's is no token at all)",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "x-permission": "account:manage",
    "description": "Needs the permission `account:manage`. A signed-in session only (personal API tokens are refused).",
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string",
       "format": "uuid"
      }
     }
    ]
   }
  },
  "/api/v1/conversions": {
   "post": {
    "operationId": "createConversion",
    "summary": "Upload a mod to convert (multipart: file, optional options); an identical upload already converted is answered from the cache",
    "tags": [
     "conversions"
    ],
    "responses": {
     "202": {
      "description": "accepted (Location names the conversion)",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ConversionAccepted"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "413": {
      "description": "the upload is larger than the limit",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "description": "missing permission (forbidden) or a quota reached: quota_conversions_per_day, quota_max_jar_bytes",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "415": {
      "description": "not multipart, or the file is not a jar/zip by content",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "422": {
      "description": "the archive is refused (unsafe names, a zip bomb, …)",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "x-permission": "conversions:create",
    "description": "Needs the permission `conversions:create`.",
    "requestBody": {
     "required": true,
     "content": {
      "multipart/form-data": {
       "schema": {
        "$ref": "#/components/schemas/Upload"
       }
      }
     }
    }
   },
   "get": {
    "operationId": "listConversions",
    "summary": "The caller's conversions, newest first, paged",
    "tags": [
     "conversions"
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ConversionPage"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "413": {
      "$ref": "#/components/responses/TooLarge"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "x-permission": "conversions:read",
    "description": "Needs the permission `conversions:read`.",
    "parameters": [
     {
      "name": "page",
      "in": "query",
      "required": false,
      "schema": {
       "type": "integer",
       "minimum": 1,
       "maximum": 100000
      },
      "description": "from 1"
     },
     {
      "name": "page_size",
      "in": "query",
      "required": false,
      "schema": {
       "type": "integer",
       "minimum": 1,
       "maximum": 100
      },
      "description": "1…100, default 20"
     },
     {
      "name": "status",
      "in": "query",
      "required": false,
      "schema": {
       "enum": [
        "queued",
        "running",
        "completed",
        "failed",
        "cancelled"
       ]
      },
      "description": "only this status (applied before paging)"
     }
    ]
   }
  },
  "/api/v1/conversions/limits": {
   "get": {
    "operationId": "getConversionLimits",
    "summary": "What the caller may upload: the largest file, the accepted types, the daily quota and how much of it is used",
    "tags": [
     "conversions"
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ConversionLimits"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "413": {
      "$ref": "#/components/responses/TooLarge"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "x-permission": "conversions:read",
    "description": "Needs the permission `conversions:read`."
   }
  },
  "/api/v1/conversions/{id}": {
   "get": {
    "operationId": "getConversion",
    "summary": "Status, stage, progress, timings and the report summary",
    "tags": [
     "conversions"
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Conversion"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "413": {
      "$ref": "#/components/responses/TooLarge"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "description": "no such conversion (another user's is none)",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "x-permission": "conversions:read",
    "description": "Needs the permission `conversions:read`.",
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string",
       "format": "uuid"
      }
     }
    ]
   },
   "delete": {
    "operationId": "cancelOrDeleteConversion",
    "summary": "Cancel a queued or running conversion, or delete a finished one",
    "tags": [
     "conversions"
    ],
    "responses": {
     "202": {
      "description": "cancelled",
      "content": {
       "application/json": {
        "schema": {
         "type": "object"
        }
       }
      }
     },
     "204": {
      "description": "deleted"
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "413": {
      "$ref": "#/components/responses/TooLarge"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "description": "no such conversion",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "x-permission": "conversions:read",
    "description": "Needs the permission `conversions:read`.",
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string",
       "format": "uuid"
      }
     }
    ]
   }
  },
  "/api/v1/conversions/{id}/report": {
   "get": {
    "operationId": "getConversionReport",
    "summary": "The report as JSON, HTML or CSV",
    "tags": [
     "conversions"
    ],
    "responses": {
     "200": {
      "description": "the report",
      "content": {
       "application/json": {
        "schema": {
         "type": "object"
        }
       },
       "text/html": {
        "schema": {
         "type": "string"
        }
       },
       "text/csv": {
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "413": {
      "$ref": "#/components/responses/TooLarge"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "description": "no such conversion",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "409": {
      "description": "not completed",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "410": {
      "description": "the result expired",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "x-permission": "conversions:read",
    "description": "Needs the permission `conversions:read`.",
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string",
       "format": "uuid"
      }
     },
     {
      "name": "format",
      "in": "query",
      "required": false,
      "schema": {
       "enum": [
        "json",
        "html",
        "csv"
       ]
      },
      "description": "default json"
     }
    ]
   }
  },
  "/api/v1/conversions/{id}/download": {
   "get": {
    "operationId": "downloadConversion",
    "summary": "The .mcaddon (ETag, single byte ranges)",
    "tags": [
     "conversions"
    ],
    "responses": {
     "200": {
      "description": "the add-on",
      "content": {
       "application/octet-stream": {
        "schema": {
         "type": "string",
         "format": "binary"
        }
       }
      }
     },
     "206": {
      "description": "a byte range",
      "content": {
       "application/octet-stream": {
        "schema": {
         "type": "string",
         "format": "binary"
        }
       }
      }
     },
     "304": {
      "description": "not modified"
     },
     "416": {
      "description": "range not satisfiable"
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "413": {
      "$ref": "#/components/responses/TooLarge"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "description": "no such conversion",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "409": {
      "description": "not completed",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "410": {
      "description": "the result expired",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "x-permission": "conversions:read",
    "description": "Needs the permission `conversions:read`.",
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string",
       "format": "uuid"
      }
     },
     {
      "name": "Range",
      "in": "header",
      "required": false,
      "schema": {
       "type": "string",
       "pattern": "^bytes=[0-9]*-[0-9]*$"
      }
     }
    ]
   }
  },
  "/api/v1/admin/users": {
   "get": {
    "operationId": "listUsers",
    "summary": "Users, oldest first, paged",
    "tags": [
     "admin"
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/UserPage"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "413": {
      "$ref": "#/components/responses/TooLarge"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "x-permission": "users:admin",
    "description": "Needs the permission `users:admin`.",
    "parameters": [
     {
      "name": "page",
      "in": "query",
      "required": false,
      "schema": {
       "type": "integer",
       "minimum": 1,
       "maximum": 100000
      },
      "description": "from 1"
     },
     {
      "name": "page_size",
      "in": "query",
      "required": false,
      "schema": {
       "type": "integer",
       "minimum": 1,
       "maximum": 100
      },
      "description": "1…100, default 20"
     },
     {
      "name": "email",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "maxLength": 254
      },
      "description": "part of the email"
     }
    ]
   }
  },
  "/api/v1/admin/users/{id}": {
   "patch": {
    "operationId": "changeRoles",
    "summary": "Replace a user's roles (their sessions end; audited)",
    "tags": [
     "admin"
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/UserSummary"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "413": {
      "$ref": "#/components/responses/TooLarge"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "description": "no such user",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "409": {
      "description": "an admin cannot demote themselves",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "422": {
      "description": "roles must be a subset of user, creator, admin",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "x-permission": "users:admin",
    "description": "Needs the permission `users:admin`. A signed-in session only (personal API tokens are refused).",
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/RoleChange"
       }
      }
     }
    },
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string",
       "format": "uuid"
      }
     }
    ]
   }
  },
  "/api/v1/admin/audit": {
   "get": {
    "operationId": "readAuditLog",
    "summary": "The audit log, newest first (keyset paging with before)",
    "tags": [
     "admin"
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/AuditPage"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "413": {
      "$ref": "#/components/responses/TooLarge"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "x-permission": "audit:read",
    "description": "Needs the permission `audit:read`.",
    "parameters": [
     {
      "name": "before",
      "in": "query",
      "required": false,
      "schema": {
       "type": "integer",
       "minimum": 1
      },
      "description": "an entry id"
     },
     {
      "name": "page_size",
      "in": "query",
      "required": false,
      "schema": {
       "type": "integer",
       "minimum": 1,
       "maximum": 100
      },
      "description": "1…100, default 20"
     },
     {
      "name": "event",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "pattern": "^[A-Za-z0-9_]{1,64}$"
      },
      "description": "one event kind"
     },
     {
      "name": "target",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "format": "uuid"
      },
      "description": "one user's entries"
     }
    ]
   }
  },
  "/api/v1/conversions/{id}/download-link": {
   "post": {
    "operationId": "createDownloadLink",
    "summary": "A signed URL for the add-on, valid for minutes, that works without an Authorization header",
    "tags": [
     "conversions"
    ],
    "responses": {
     "200": {
      "description": "the link",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "required": [
          "url",
          "expires_at"
         ],
         "properties": {
          "url": {
           "type": "string",
           "description": "path of GET /api/v1/downloads/{token}"
          },
          "expires_at": {
           "type": "string",
           "format": "date-time"
          }
         }
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "413": {
      "$ref": "#/components/responses/TooLarge"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "description": "no such conversion",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "409": {
      "description": "not completed",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "x-permission": "conversions:read",
    "description": "Needs the permission `conversions:read`.",
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string",
       "format": "uuid"
      }
     },
     {
      "name": "Range",
      "in": "header",
      "required": false,
      "schema": {
       "type": "string",
       "pattern": "^bytes=[0-9]*-[0-9]*$"
      }
     }
    ]
   }
  },
  "/api/v1/downloads/{token}": {
   "get": {
    "operationId": "downloadBySignedLink",
    "summary": "The .mcaddon a signed download link names (no Authorization header: the link is the credential)",
    "tags": [
     "conversions"
    ],
    "responses": {
     "200": {
      "description": "the add-on",
      "content": {
       "application/octet-stream": {
        "schema": {
         "type": "string",
         "format": "binary"
        }
       }
      }
     },
     "206": {
      "description": "a byte range",
      "content": {
       "application/octet-stream": {
        "schema": {
         "type": "string",
         "format": "binary"
        }
       }
      }
     },
     "304": {
      "description": "not modified"
     },
     "416": {
      "description": "range not satisfiable"
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "413": {
      "$ref": "#/components/responses/TooLarge"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     },
     "403": {
      "description": "the link is not valid (invalid_link)",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "404": {
      "description": "no such conversion",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "410": {
      "description": "the link expired (link_expired) or the result is no longer kept (result_expired)",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [],
    "description": "Public: the token from POST /api/v1/conversions/{id}/download-link. Limited per address.",
    "parameters": [
     {
      "name": "token",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string",
       "maxLength": 200
      }
     }
    ]
   }
  },
  "/api/v1/conversions/{id}/files": {
   "get": {
    "operationId": "listAddonFiles",
    "summary": "The converted add-on's files, as edited so far",
    "tags": [
     "collaboration"
    ],
    "responses": {
     "200": {
      "description": "the tree",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "required": [
          "files",
          "seq",
          "version"
         ],
         "properties": {
          "files": {
           "type": "array",
           "items": {
            "type": "object",
            "required": [
             "path",
             "size",
             "editable",
             "edited"
            ],
            "properties": {
             "path": {
              "type": "string"
             },
             "size": {
              "type": "integer",
              "minimum": 0
             },
             "editable": {
              "type": "boolean"
             },
             "edited": {
              "type": "boolean"
             }
            }
           }
          },
          "seq": {
           "type": "integer",
           "minimum": 0,
           "description": "the document's last operation"
          },
          "version": {
           "type": "integer",
           "minimum": 0,
           "description": "the last saved version (0: as converted)"
          }
         }
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "413": {
      "$ref": "#/components/responses/TooLarge"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "description": "no such conversion (or not yours to read)",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "409": {
      "description": "the conversion is not completed",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "x-permission": "conversions:read",
    "description": "Needs the permission `conversions:read`. Owners and invited collaborators.",
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string",
       "format": "uuid"
      }
     }
    ]
   }
  },
  "/api/v1/conversions/{id}/files/{path}": {
   "get": {
    "operationId": "getAddonFile",
    "summary": "One file of the add-on, as edited so far",
    "tags": [
     "collaboration"
    ],
    "responses": {
     "200": {
      "description": "the file (JSON files as JSON; X-Document-Seq names the document's last operation)",
      "headers": {
       "X-Document-Seq": {
        "schema": {
         "type": "integer"
        }
       }
      },
      "content": {
       "application/json": {
        "schema": {}
       },
       "image/png": {
        "schema": {
         "type": "string",
         "format": "binary"
        }
       },
       "application/octet-stream": {
        "schema": {
         "type": "string",
         "format": "binary"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "413": {
      "$ref": "#/components/responses/TooLarge"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "description": "no such conversion or file",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "409": {
      "description": "the conversion is not completed",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "x-permission": "conversions:read",
    "description": "Needs the permission `conversions:read`.",
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string",
       "format": "uuid"
      }
     },
     {
      "name": "path",
      "in": "path",
      "required": true,
      "description": "the file's path in the add-on, slashes percent-encoded (%2F)",
      "schema": {
       "type": "string",
       "minLength": 1,
       "maxLength": 512
      }
     }
    ]
   }
  },
  "/api/v1/conversions/{id}/collaborators": {
   "get": {
    "operationId": "listCollaborators",
    "summary": "Who is invited to collaborate",
    "tags": [
     "collaboration"
    ],
    "responses": {
     "200": {
      "description": "the collaborators, the owner's id and whether the caller is the owner",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "required": [
          "collaborators",
          "owner",
          "you_own"
         ],
         "properties": {
          "owner": {
           "type": "string",
           "format": "uuid"
          },
          "you_own": {
           "type": "boolean"
          },
          "collaborators": {
           "type": "array",
           "items": {
            "type": "object",
            "required": [
             "user_id",
             "email",
             "created_at"
            ],
            "properties": {
             "user_id": {
              "type": "string",
              "format": "uuid"
             },
             "email": {
              "type": "string"
             },
             "created_at": {
              "type": "string",
              "format": "date-time"
             }
            }
           }
          }
         }
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "413": {
      "$ref": "#/components/responses/TooLarge"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "description": "no such conversion (or not yours to read)",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "409": {
      "description": "the conversion is not completed",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "x-permission": "conversions:read",
    "description": "Needs the permission `conversions:read`.",
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string",
       "format": "uuid"
      }
     }
    ]
   },
   "post": {
    "operationId": "inviteCollaborator",
    "summary": "Invites an account by email (the owner only)",
    "tags": [
     "collaboration"
    ],
    "responses": {
     "201": {
      "description": "invited",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "required": [
          "user_id",
          "email",
          "created_at"
         ],
         "properties": {
          "user_id": {
           "type": "string",
           "format": "uuid"
          },
          "email": {
           "type": "string"
          },
          "created_at": {
           "type": "string",
           "format": "date-time"
          }
         }
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "413": {
      "$ref": "#/components/responses/TooLarge"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "description": "only the owner invites (owner_only)",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "404": {
      "description": "no such conversion, or no account has this email (no_such_user)",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "409": {
      "description": "the conversion is not completed",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "422": {
      "description": "the owner cannot invite themselves",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "x-permission": "conversions:read",
    "description": "Needs the permission `conversions:read`.",
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string",
       "format": "uuid"
      }
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "type": "object",
        "required": [
         "email"
        ],
        "properties": {
         "email": {
          "type": "string",
          "format": "email",
          "maxLength": 254
         }
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/conversions/{id}/collaborators/{user}": {
   "delete": {
    "operationId": "revokeCollaborator",
    "summary": "Revokes an invitation (the owner; or a collaborator leaving)",
    "tags": [
     "collaboration"
    ],
    "responses": {
     "204": {
      "description": "revoked"
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "413": {
      "$ref": "#/components/responses/TooLarge"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "description": "no such conversion or collaborator",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "409": {
      "description": "the conversion is not completed",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "x-permission": "conversions:read",
    "description": "Needs the permission `conversions:read`.",
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string",
       "format": "uuid"
      }
     },
     {
      "name": "user",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string",
       "format": "uuid"
      }
     }
    ]
   }
  },
  "/api/v1/conversions/{id}/save": {
   "post": {
    "operationId": "saveAddon",
    "summary": "Applies the edits as a new, re-validated version of the download",
    "tags": [
     "collaboration"
    ],
    "responses": {
     "201": {
      "description": "saved",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "required": [
          "version",
          "seq",
          "files",
          "size"
         ],
         "properties": {
          "version": {
           "type": "integer",
           "minimum": 1
          },
          "seq": {
           "type": "integer",
           "minimum": 0
          },
          "files": {
           "type": "integer",
           "minimum": 0
          },
          "size": {
           "type": "integer",
           "minimum": 0
          }
         }
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "413": {
      "$ref": "#/components/responses/TooLarge"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "description": "no such conversion (or not yours to read)",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "409": {
      "description": "the conversion is not completed",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "422": {
      "description": "the edits break the add-on (invalid_addon)",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "x-permission": "conversions:read",
    "description": "Needs the permission `conversions:read`.",
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string",
       "format": "uuid"
      }
     }
    ]
   }
  },
  "/api/v1/ai/embeddings": {
   "post": {
    "operationId": "createEmbeddings",
    "summary": "384-float unit-length MiniLM embeddings of up to 64 texts, batched with concurrent requests",
    "tags": [
     "ai"
    ],
    "security": [
     {
      "bearer": []
     }
    ],
    "x-permission": "ai:use",
    "description": "Needs the permission `ai:use`.",
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/EmbeddingsRequest"
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Embeddings"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "413": {
      "$ref": "#/components/responses/TooLarge"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     },
     "422": {
      "description": "Too many texts, an empty text or one longer than the limit (too_many_texts, empty_text, text_too_long)",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/ai/search": {
   "post": {
    "operationId": "searchKnowledge",
    "summary": "The knowledge-base entries (Bedrock components, recipe types, Script API events) nearest to a text, with cosine similarity",
    "tags": [
     "ai"
    ],
    "security": [
     {
      "bearer": []
     }
    ],
    "x-permission": "ai:use",
    "description": "Needs the permission `ai:use`.",
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/SearchRequest"
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/SearchResults"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "413": {
      "$ref": "#/components/responses/TooLarge"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     },
     "422": {
      "description": "An empty or over-long text, or k outside 1–50",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/ai/models": {
   "get": {
    "operationId": "listModels",
    "summary": "Every registered model with its versions, their state, checksum and metrics",
    "tags": [
     "ai"
    ],
    "security": [
     {
      "bearer": []
     }
    ],
    "x-permission": "models:read",
    "description": "Needs the permission `models:read`.",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ModelList"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "413": {
      "$ref": "#/components/responses/TooLarge"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/ai/models/{name}": {
   "get": {
    "operationId": "getModel",
    "summary": "One model's versions and its audit trail",
    "tags": [
     "ai"
    ],
    "security": [
     {
      "bearer": []
     }
    ],
    "x-permission": "models:read",
    "description": "Needs the permission `models:read`.",
    "parameters": [
     {
      "name": "name",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ModelDetail"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "413": {
      "$ref": "#/components/responses/TooLarge"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     },
     "404": {
      "description": "No such model",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/ai/models/{name}/versions": {
   "post": {
    "operationId": "registerModelVersion",
    "summary": "Registers a staged version: a folder inside the configured models folder (JSON), or an upload (multipart); its SHA-256 and size are computed",
    "tags": [
     "ai"
    ],
    "security": [
     {
      "bearer": []
     }
    ],
    "x-permission": "models:deploy",
    "description": "Needs the permission `models:deploy`.",
    "parameters": [
     {
      "name": "name",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/RegisterModelVersion"
       }
      },
      "multipart/form-data": {
       "schema": {
        "type": "object",
        "required": [
         "meta",
         "file"
        ],
        "properties": {
         "meta": {
          "type": "string",
          "description": "JSON: version, format, optional metrics"
         },
         "file": {
          "type": "array",
          "items": {
           "type": "string",
           "format": "binary"
          },
          "description": "one part per file of the version (filename: letters, digits, '.', '_', '-')"
         }
        }
       }
      }
     }
    },
    "responses": {
     "201": {
      "description": "Created",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ModelVersion"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "413": {
      "$ref": "#/components/responses/TooLarge"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     },
     "409": {
      "description": "The version exists (registered or uploaded), or the model holds another format",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "422": {
      "description": "A bad version, format or location, or the files do not match the given sha256",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "415": {
      "description": "An upload that is not multipart/form-data",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "404": {
      "description": "No such model",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/ai/models/{name}/versions/{version}/promote": {
   "post": {
    "operationId": "promoteModelVersion",
    "summary": "Makes the version the production one (its checksum verified first); the previous one is demoted in the same transaction",
    "tags": [
     "ai"
    ],
    "security": [
     {
      "bearer": []
     }
    ],
    "x-permission": "models:deploy",
    "description": "Needs the permission `models:deploy`.",
    "parameters": [
     {
      "name": "name",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "version",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ModelVersion"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "413": {
      "$ref": "#/components/responses/TooLarge"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     },
     "404": {
      "description": "No such version",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "409": {
      "description": "Archived, or the files no longer match the registered checksum (model_checksum_mismatch, audited)",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/ai/models/{name}/versions/{version}/archive": {
   "post": {
    "operationId": "archiveModelVersion",
    "summary": "Archives a version that is not in production",
    "tags": [
     "ai"
    ],
    "security": [
     {
      "bearer": []
     }
    ],
    "x-permission": "models:deploy",
    "description": "Needs the permission `models:deploy`.",
    "parameters": [
     {
      "name": "name",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "version",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ModelVersion"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "413": {
      "$ref": "#/components/responses/TooLarge"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     },
     "404": {
      "description": "No such version",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "409": {
      "description": "The version is in production",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/ai/models/{name}/rollback": {
   "post": {
    "operationId": "rollbackModel",
    "summary": "Returns production to the version the current one replaced",
    "tags": [
     "ai"
    ],
    "security": [
     {
      "bearer": []
     }
    ],
    "x-permission": "models:deploy",
    "description": "Needs the permission `models:deploy`.",
    "parameters": [
     {
      "name": "name",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ModelVersion"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "413": {
      "$ref": "#/components/responses/TooLarge"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     },
     "409": {
      "description": "Nothing to roll back to, or its files no longer match",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "404": {
      "description": "No such model",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    }
   }
  }
 },
 "components": {
  "schemas": {
   "Error": {
    "type": "object",
    "properties": {
     "error": {
      "type": "object",
      "properties": {
       "code": {
        "type": "string"
       },
       "message": {
        "type": "string"
       },
       "request_id": {
        "type": "string"
       }
      },
      "required": [
       "code",
       "message"
      ],
      "additionalProperties": false
     }
    },
    "required": [
     "error"
    ],
    "additionalProperties": false
   },
   "Credentials": {
    "type": "object",
    "properties": {
     "email": {
      "type": "string",
      "format": "email",
      "maxLength": 254,
      "example": "maker@example.com"
     },
     "password": {
      "type": "string",
      "minLength": 8,
      "example": "correct horse battery staple"
     }
    },
    "required": [
     "email",
     "password"
    ]
   },
   "UserRef": {
    "type": "object",
    "properties": {
     "id": {
      "type": "string",
      "format": "uuid"
     },
     "email": {
      "type": "string"
     },
     "roles": {
      "type": "array",
      "items": {
       "type": "string"
      }
     }
    },
    "required": [
     "id",
     "email",
     "roles"
    ],
    "additionalProperties": false
   },
   "TokenPair": {
    "type": "object",
    "properties": {
     "access_token": {
      "type": "string"
     },
     "token_type": {
      "const": "Bearer"
     },
     "expires_in": {
      "type": "integer"
     },
     "refresh_token": {
      "type": "string"
     },
     "csrf_token": {
      "type": "string"
     },
     "user": {
      "$ref": "#/components/schemas/UserRef"
     }
    },
    "required": [
     "access_token",
     "token_type",
     "expires_in",
     "refresh_token",
     "csrf_token",
     "user"
    ],
    "additionalProperties": false
   },
   "MFAChallenge": {
    "type": "object",
    "properties": {
     "mfa_required": {
      "const": true
     },
     "mfa_token": {
      "type": "string"
     },
     "expires_in": {
      "type": "integer"
     }
    },
    "required": [
     "mfa_required",
     "mfa_token",
     "expires_in"
    ],
    "additionalProperties": false
   },
   "RefreshRequest": {
    "type": "object",
    "properties": {
     "refresh_token": {
      "type": "string",
      "maxLength": 128
     }
    }
   },
   "SecondFactor": {
    "type": "object",
    "properties": {
     "mfa_token": {
      "type": "string"
     },
     "code": {
      "type": "string",
      "pattern": "^[0-9]{6}$"
     },
     "recovery_code": {
      "type": "string"
     }
    },
    "required": [
     "mfa_token"
    ]
   },
   "Code": {
    "type": "object",
    "properties": {
     "code": {
      "type": "string",
      "pattern": "^[0-9]{6}$"
     },
     "recovery_code": {
      "type": "string"
     }
    }
   },
   "TwoFactorSetup": {
    "type": "object",
    "properties": {
     "secret": {
      "type": "string"
     },
     "otpauth_uri": {
      "type": "string"
     }
    },
    "required": [
     "secret",
     "otpauth_uri"
    ],
    "additionalProperties": false
   },
   "RecoveryCodes": {
    "type": "object",
    "properties": {
     "recovery_codes": {
      "type": "array",
      "items": {
       "type": "string"
      },
      "minItems": 10,
      "maxItems": 10
     }
    },
    "required": [
     "recovery_codes"
    ],
    "additionalProperties": false
   },
   "Me": {
    "type": "object",
    "properties": {
     "id": {
      "type": "string",
      "format": "uuid"
     },
     "email": {
      "type": "string"
     },
     "roles": {
      "type": "array",
      "items": {
       "type": "string"
      }
     },
     "email_verified": {
      "type": "boolean"
     },
     "created_at": {
      "type": "string",
      "format": "date-time"
     }
    },
    "required": [
     "id",
     "email",
     "roles",
     "email_verified",
     "created_at"
    ],
    "additionalProperties": false
   },
   "MailToken": {
    "type": "object",
    "properties": {
     "token": {
      "type": "string",
      "maxLength": 128
     }
    },
    "required": [
     "token"
    ]
   },
   "ResetRequest": {
    "type": "object",
    "properties": {
     "email": {
      "type": "string",
      "format": "email",
      "maxLength": 254
     }
    },
    "required": [
     "email"
    ]
   },
   "PasswordReset": {
    "type": "object",
    "properties": {
     "token": {
      "type": "string",
      "maxLength": 128
     },
     "password": {
      "type": "string",
      "minLength": 8
     }
    },
    "required": [
     "token",
     "password"
    ]
   },
   "ProfileUpdate": {
    "type": "object",
    "properties": {
     "current_password": {
      "type": "string"
     },
     "email": {
      "type": "string",
      "format": "email"
     },
     "password": {
      "type": "string",
      "minLength": 8
     }
    },
    "required": [
     "current_password"
    ]
   },
   "PasswordConfirm": {
    "type": "object",
    "properties": {
     "password": {
      "type": "string"
     }
    },
    "required": [
     "password"
    ]
   },
   "UserSummary": {
    "type": "object",
    "properties": {
     "id": {
      "type": "string",
      "format": "uuid"
     },
     "email": {
      "type": "string"
     },
     "roles": {
      "type": "array",
      "items": {
       "type": "string"
      }
     },
     "email_verified": {
      "type": "boolean"
     },
     "created_at": {
      "type": "string",
      "format": "date-time"
     }
    },
    "required": [
     "id",
     "email",
     "roles",
     "email_verified",
     "created_at"
    ],
    "additionalProperties": false
   },
   "UserPage": {
    "type": "object",
    "properties": {
     "items": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/UserSummary"
      }
     },
     "page": {
      "type": "integer"
     },
     "page_size": {
      "type": "integer"
     },
     "total": {
      "type": "integer"
     }
    },
    "required": [
     "items",
     "page",
     "page_size",
     "total"
    ],
    "additionalProperties": false
   },
   "RoleChange": {
    "type": "object",
    "properties": {
     "roles": {
      "type": "array",
      "items": {
       "enum": [
        "user",
        "creator",
        "admin"
       ]
      },
      "minItems": 1
     }
    },
    "required": [
     "roles"
    ]
   },
   "APIToken": {
    "type": "object",
    "properties": {
     "id": {
      "type": "string",
      "format": "uuid"
     },
     "name": {
      "type": "string"
     },
     "scopes": {
      "type": "array",
      "items": {
       "type": "string"
      }
     },
     "created_at": {
      "type": "string",
      "format": "date-time"
     },
     "expires_at": {
      "type": [
       "string",
       "null"
      ],
      "format": "date-time"
     },
     "last_used_at": {
      "type": [
       "string",
       "null"
      ],
      "format": "date-time"
     }
    },
    "required": [
     "id",
     "name",
     "scopes",
     "created_at"
    ],
    "additionalProperties": false
   },
   "NewAPIToken": {
    "type": "object",
    "properties": {
     "name": {
      "type": "string",
      "minLength": 1,
      "maxLength": 100,
      "example": "ci script"
     },
     "scopes": {
      "type": "array",
      "items": {
       "type": "string"
      },
      "minItems": 1,
      "example": [
       "conversions:read"
      ]
     },
     "expires_in_days": {
      "type": "integer",
      "minimum": 1,
      "maximum": 365,
      "example": 30
     }
    },
    "required": [
     "name",
     "scopes"
    ]
   },
   "CreatedAPIToken": {
    "type": "object",
    "properties": {
     "id": {
      "type": "string",
      "format": "uuid"
     },
     "name": {
      "type": "string"
     },
     "scopes": {
      "type": "array",
      "items": {
       "type": "string"
      }
     },
     "created_at": {
      "type": "string",
      "format": "date-time"
     },
     "expires_at": {
      "type": [
       "string",
       "null"
      ],
      "format": "date-time"
     },
     "last_used_at": {
      "type": [
       "string",
       "null"
      ],
      "format": "date-time"
     },
     "token": {
      "type": "string",
      "pattern": "^mpt_"
     }
    },
    "required": [
     "id",
     "name",
     "scopes",
     "created_at",
     "token"
    ],
    "additionalProperties": false
   },
   "APITokenList": {
    "type": "object",
    "properties": {
     "items": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/APIToken"
      }
     }
    },
    "required": [
     "items"
    ],
    "additionalProperties": false
   },
   "AuditEntry": {
    "type": "object",
    "properties": {
     "id": {
      "type": "integer"
     },
     "at": {
      "type": "string",
      "format": "date-time"
     },
     "event": {
      "type": "string"
     },
     "outcome": {
      "enum": [
       "success",
       "failure"
      ]
     },
     "actor_id": {
      "type": [
       "string",
       "null"
      ],
      "format": "uuid"
     },
     "target_id": {
      "type": [
       "string",
       "null"
      ],
      "format": "uuid"
     },
     "ip": {
      "type": [
       "string",
       "null"
      ]
     },
     "user_agent": {
      "type": [
       "string",
       "null"
      ]
     },
     "request_id": {
      "type": [
       "string",
       "null"
      ]
     },
     "detail": {
      "type": "object"
     }
    },
    "required": [
     "id",
     "at",
     "event",
     "outcome",
     "detail"
    ],
    "additionalProperties": false
   },
   "AuditPage": {
    "type": "object",
    "properties": {
     "items": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/AuditEntry"
      }
     },
     "next_before": {
      "type": [
       "integer",
       "null"
      ]
     }
    },
    "required": [
     "items"
    ],
    "additionalProperties": false
   },
   "Session": {
    "type": "object",
    "properties": {
     "user_id": {
      "type": "string",
      "format": "uuid"
     },
     "session_id": {
      "type": "string",
      "format": "uuid"
     },
     "roles": {
      "type": "array",
      "items": {
       "type": "string"
      }
     },
     "permissions": {
      "type": "array",
      "items": {
       "type": "string"
      }
     },
     "expires_at": {
      "type": "string",
      "format": "date-time"
     }
    },
    "required": [
     "user_id",
     "session_id",
     "roles",
     "permissions",
     "expires_at"
    ],
    "additionalProperties": false
   },
   "ConversionAccepted": {
    "type": "object",
    "properties": {
     "id": {
      "type": "string",
      "format": "uuid"
     },
     "status": {
      "enum": [
       "queued",
       "completed"
      ]
     },
     "status_url": {
      "type": "string"
     },
     "channel": {
      "type": "string"
     },
     "queue_position": {
      "type": "integer"
     },
     "from_cache": {
      "type": "boolean"
     }
    },
    "required": [
     "id",
     "status",
     "status_url",
     "channel",
     "queue_position",
     "from_cache"
    ],
    "additionalProperties": false
   },
   "Conversion": {
    "type": "object",
    "properties": {
     "id": {
      "type": "string",
      "format": "uuid"
     },
     "status": {
      "enum": [
       "queued",
       "running",
       "completed",
       "failed",
       "cancelled"
      ]
     },
     "stage": {
      "enum": [
       "queued",
       "analyzing",
       "planning",
       "converting",
       "packaging",
       "validating",
       "completed",
       "failed",
       "cancelled"
      ]
     },
     "progress": {
      "type": "integer",
      "minimum": 0,
      "maximum": 100
     },
     "message": {
      "type": "string"
     },
     "file_name": {
      "type": "string"
     },
     "from_cache": {
      "type": "boolean"
     },
     "created_at": {
      "type": "string",
      "format": "date-time"
     },
     "started_at": {
      "type": "string",
      "format": "date-time"
     },
     "finished_at": {
      "type": "string",
      "format": "date-time"
     },
     "summary": {
      "type": "object"
     },
     "error": {
      "type": "object",
      "properties": {
       "code": {
        "type": "string"
       },
       "message": {
        "type": "string"
       }
      },
      "required": [
       "code",
       "message"
      ],
      "additionalProperties": false
     },
     "links": {
      "type": "object",
      "additionalProperties": {
       "type": "string"
      }
     }
    },
    "required": [
     "id",
     "status",
     "stage",
     "progress",
     "message",
     "file_name",
     "from_cache",
     "created_at",
     "links"
    ],
    "additionalProperties": false
   },
   "ConversionLimits": {
    "type": "object",
    "properties": {
     "max_upload_bytes": {
      "type": "integer",
      "description": "the largest file this caller may upload (the service's limit or their role's jar quota)"
     },
     "conversions_per_day": {
      "type": [
       "integer",
       "null"
      ],
      "description": "the role's daily quota (UTC); null is unlimited"
     },
     "used_today": {
      "type": "integer"
     },
     "accepted_extensions": {
      "type": "array",
      "items": {
       "type": "string"
      }
     }
    },
    "required": [
     "max_upload_bytes",
     "conversions_per_day",
     "used_today",
     "accepted_extensions"
    ],
    "additionalProperties": false
   },
   "ConversionPage": {
    "type": "object",
    "properties": {
     "items": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/Conversion"
      }
     },
     "page": {
      "type": "integer"
     },
     "page_size": {
      "type": "integer"
     },
     "total": {
      "type": "integer"
     }
    },
    "required": [
     "items",
     "page",
     "page_size",
     "total"
    ],
    "additionalProperties": false
   },
   "Upload": {
    "type": "object",
    "required": [
     "file"
    ],
    "properties": {
     "file": {
      "type": "string",
      "format": "binary",
      "description": "the mod: a .jar or .zip (judged by content)"
     },
     "options": {
      "type": "string",
      "description": "a JSON object: target_engine, namespace, languages, assumptions, include"
     }
    }
   },
   "InstanceHealth": {
    "type": "object",
    "properties": {
     "service": {
      "type": "string"
     },
     "instance": {
      "type": "string"
     },
     "status": {
      "enum": [
       "ready",
       "not_ready",
       "unreachable"
      ]
     },
     "latency_ms": {
      "type": "number"
     },
     "error": {
      "type": "string"
     }
    },
    "required": [
     "service",
     "instance",
     "status",
     "latency_ms"
    ],
    "additionalProperties": false
   },
   "PlatformHealth": {
    "type": "object",
    "properties": {
     "status": {
      "enum": [
       "ready",
       "degraded"
      ]
     },
     "services": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/InstanceHealth"
      }
     }
    },
    "required": [
     "status",
     "services"
    ],
    "additionalProperties": false
   },
   "EmbeddingsRequest": {
    "type": "object",
    "required": [
     "texts"
    ],
    "properties": {
     "texts": {
      "type": "array",
      "minItems": 1,
      "maxItems": 64,
      "items": {
       "type": "string",
       "minLength": 1
      }
     }
    }
   },
   "Embeddings": {
    "type": "object",
    "required": [
     "embeddings",
     "model",
     "version",
     "dimensions"
    ],
    "properties": {
     "embeddings": {
      "type": "array",
      "items": {
       "type": "array",
       "items": {
        "type": "number"
       }
      }
     },
     "model": {
      "type": "string"
     },
     "version": {
      "type": "string"
     },
     "dimensions": {
      "type": "integer"
     }
    }
   },
   "SearchRequest": {
    "type": "object",
    "required": [
     "text"
    ],
    "properties": {
     "text": {
      "type": "string",
      "minLength": 1
     },
     "k": {
      "type": "integer",
      "minimum": 1,
      "maximum": 50,
      "default": 5
     },
     "kind": {
      "type": "string"
     }
    }
   },
   "SearchHit": {
    "type": "object",
    "required": [
     "id",
     "kind",
     "title",
     "text",
     "similarity"
    ],
    "properties": {
     "id": {
      "type": "string"
     },
     "kind": {
      "type": "string"
     },
     "title": {
      "type": "string"
     },
     "text": {
      "type": "string"
     },
     "similarity": {
      "type": "number"
     }
    }
   },
   "SearchResults": {
    "type": "object",
    "required": [
     "results",
     "model",
     "version"
    ],
    "properties": {
     "results": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/SearchHit"
      }
     },
     "model": {
      "type": "string"
     },
     "version": {
      "type": "string"
     }
    }
   },
   "ModelVersion": {
    "type": "object",
    "required": [
     "model",
     "version",
     "format",
     "location",
     "sha256",
     "size_bytes",
     "status",
     "metrics",
     "registered_at"
    ],
    "properties": {
     "model": {
      "type": "string"
     },
     "version": {
      "type": "string"
     },
     "format": {
      "type": "string",
      "enum": [
       "bert-safetensors",
       "sklearn-linear",
       "custom"
      ]
     },
     "location": {
      "type": "string"
     },
     "sha256": {
      "type": "string"
     },
     "size_bytes": {
      "type": "integer"
     },
     "status": {
      "type": "string",
      "enum": [
       "staged",
       "production",
       "archived"
      ]
     },
     "metrics": {
      "type": "string",
      "description": "JSON object text"
     },
     "registered_by": {
      "type": [
       "string",
       "null"
      ]
     },
     "registered_at": {
      "type": "string",
      "format": "date-time"
     },
     "deployed_by": {
      "type": [
       "string",
       "null"
      ]
     },
     "deployed_at": {
      "type": [
       "string",
       "null"
      ],
      "format": "date-time"
     },
     "previous_production": {
      "type": [
       "string",
       "null"
      ]
     }
    }
   },
   "ModelSummary": {
    "type": "object",
    "required": [
     "name",
     "format",
     "versions"
    ],
    "properties": {
     "name": {
      "type": "string"
     },
     "format": {
      "type": "string"
     },
     "production": {
      "type": [
       "string",
       "null"
      ]
     },
     "versions": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/ModelVersion"
      }
     }
    }
   },
   "ModelList": {
    "type": "object",
    "required": [
     "models"
    ],
    "properties": {
     "models": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/ModelSummary"
      }
     }
    }
   },
   "ModelDetail": {
    "type": "object",
    "required": [
     "model",
     "audit"
    ],
    "properties": {
     "model": {
      "$ref": "#/components/schemas/ModelSummary"
     },
     "audit": {
      "type": "array",
      "items": {
       "type": "object"
      }
     }
    }
   },
   "RegisterModelVersion": {
    "type": "object",
    "required": [
     "version",
     "format",
     "location"
    ],
    "properties": {
     "version": {
      "type": "string"
     },
     "format": {
      "type": "string",
      "enum": [
       "bert-safetensors",
       "sklearn-linear",
       "custom"
      ]
     },
     "location": {
      "type": "string",
      "description": "a folder inside the models folder"
     },
     "sha256": {
      "type": "string"
     },
     "metrics": {
      "type": "object"
     }
    }
   }
  },
  "responses": {
   "BadRequest": {
    "description": "the request is malformed (precise reason in the message)",
    "content": {
     "application/json": {
      "schema": {
       "$ref": "#/components/schemas/Error"
      }
     }
    }
   },
   "TooLarge": {
    "description": "the body is too large",
    "content": {
     "application/json": {
      "schema": {
       "$ref": "#/components/schemas/Error"
      }
     }
    }
   },
   "RateLimited": {
    "description": "rate limited; see Retry-After and RateLimit-*",
    "content": {
     "application/json": {
      "schema": {
       "$ref": "#/components/schemas/Error"
      }
     }
    }
   },
   "Unavailable": {
    "description": "a dependency is unavailable; retry after Retry-After",
    "content": {
     "application/json": {
      "schema": {
       "$ref": "#/components/schemas/Error"
      }
     }
    }
   },
   "Unauthorized": {
    "description": "no valid bearer credential",
    "content": {
     "application/json": {
      "schema": {
       "$ref": "#/components/schemas/Error"
      }
     }
    }
   },
   "Forbidden": {
    "description": "the caller lacks the route's permission",
    "content": {
     "application/json": {
      "schema": {
       "$ref": "#/components/schemas/Error"
      }
     }
    }
   }
  },
  "securitySchemes": {
   "bearer": {
    "type": "http",
    "scheme": "bearer",
    "description": "An access token (JWT, EdDSA) from sign-in, or a personal API token (mpt_…)."
   }
  }
 }
}
"""#
}
