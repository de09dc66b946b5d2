DROP TABLE knowledge_entries;
DROP TABLE model_audit;
DROP TABLE model_versions;
DROP TABLE models;
