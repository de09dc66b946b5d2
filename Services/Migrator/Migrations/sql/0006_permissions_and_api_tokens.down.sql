DROP TABLE api_tokens;
DROP TABLE role_permissions;
DROP TABLE permissions;
