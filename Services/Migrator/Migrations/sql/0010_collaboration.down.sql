DROP FUNCTION user_id_by_email(text);
DROP POLICY conversions_collaborator_read ON conversions;
DROP TABLE document_files;
DROP TABLE document_operations;
DROP TABLE documents;
DROP TABLE conversion_collaborators;
ALTER TABLE conversions DROP CONSTRAINT conversions_id_owner;
