-- Collaboration on a converted add-on's files. The owner invites collaborators by email; they read
-- the conversion like its owner (and nothing else of it: they cannot cancel, delete or invite).
-- Edits are JSON Patch operations on one file, each stamped with the document's next sequence
-- number here (durable, unlike the realtime channel), kept in a capped log; the edited files'
-- current contents; and the saved versions of the add-on.

ALTER TABLE conversions ADD CONSTRAINT conversions_id_owner UNIQUE (id, owner_id);

CREATE TABLE conversion_collaborators (
    conversion_id uuid NOT NULL,
    -- The conversion's owner, copied so the policies need not read conversions (and the foreign
    -- key proves it is the owner).
    owner_id uuid NOT NULL,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    email text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (conversion_id, user_id),
    FOREIGN KEY (conversion_id, owner_id) REFERENCES conversions (id, owner_id) ON DELETE CASCADE,
    CHECK (user_id <> owner_id)
);
CREATE INDEX conversion_collaborators_user ON conversion_collaborators (user_id);

CREATE TABLE documents (
    conversion_id uuid PRIMARY KEY REFERENCES conversions (id) ON DELETE CASCADE,
    seq bigint NOT NULL DEFAULT 0 CHECK (seq >= 0),
    version integer NOT NULL DEFAULT 0 CHECK (version >= 0),
    saved_seq bigint NOT NULL DEFAULT 0,
    saved_at timestamptz
);

CREATE TABLE document_operations (
    conversion_id uuid NOT NULL REFERENCES documents (conversion_id) ON DELETE CASCADE,
    seq bigint NOT NULL,
    base_seq bigint NOT NULL,
    author_id uuid NOT NULL,
    file_path text NOT NULL,
    operations jsonb NOT NULL,
    touched text[] NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (conversion_id, seq)
);

CREATE TABLE document_files (
    conversion_id uuid NOT NULL REFERENCES documents (conversion_id) ON DELETE CASCADE,
    file_path text NOT NULL,
    content jsonb NOT NULL,
    seq bigint NOT NULL,
    PRIMARY KEY (conversion_id, file_path)
);

ALTER TABLE conversion_collaborators ENABLE ROW LEVEL SECURITY;
ALTER TABLE documents ENABLE ROW LEVEL SECURITY;
ALTER TABLE document_operations ENABLE ROW LEVEL SECURITY;
ALTER TABLE document_files ENABLE ROW LEVEL SECURITY;

-- A collaborator reads the conversion they were invited to.
CREATE POLICY conversions_collaborator_read ON conversions FOR SELECT
    USING (EXISTS (SELECT 1 FROM conversion_collaborators c
                   WHERE c.conversion_id = conversions.id AND c.user_id = NULLIF(current_setting('app.user_id', true), '')::uuid));

-- The owner invites and revokes; a collaborator sees (and may drop) their own invitation.
CREATE POLICY conversion_collaborators_owner ON conversion_collaborators
    USING (owner_id = NULLIF(current_setting('app.user_id', true), '')::uuid
           OR user_id = NULLIF(current_setting('app.user_id', true), '')::uuid)
    WITH CHECK (owner_id = NULLIF(current_setting('app.user_id', true), '')::uuid);

-- The document of a conversion is for whoever reads the conversion (owner, collaborators).
CREATE POLICY documents_readers ON documents
    USING (EXISTS (SELECT 1 FROM conversions c WHERE c.id = documents.conversion_id))
    WITH CHECK (EXISTS (SELECT 1 FROM conversions c WHERE c.id = documents.conversion_id));
CREATE POLICY document_operations_readers ON document_operations
    USING (EXISTS (SELECT 1 FROM conversions c WHERE c.id = document_operations.conversion_id))
    WITH CHECK (EXISTS (SELECT 1 FROM conversions c WHERE c.id = document_operations.conversion_id));
CREATE POLICY document_files_readers ON document_files
    USING (EXISTS (SELECT 1 FROM conversions c WHERE c.id = document_files.conversion_id))
    WITH CHECK (EXISTS (SELECT 1 FROM conversions c WHERE c.id = document_files.conversion_id));

-- Inviting by email: the conversion service never reads accounts; this answers one exact email's
-- id and nothing else.
CREATE FUNCTION user_id_by_email(address text) RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
    AS $$ SELECT id FROM users WHERE email = lower(btrim(address)) $$;
REVOKE ALL ON FUNCTION user_id_by_email(text) FROM PUBLIC;

DO $$
BEGIN
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON conversion_collaborators, documents, document_operations, document_files TO %I',
                   app_role('conversion'));
    EXECUTE format('GRANT EXECUTE ON FUNCTION user_id_by_email(text) TO %I', app_role('conversion'));
END
$$;
