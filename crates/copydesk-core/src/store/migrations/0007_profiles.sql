-- The people who work at this desk and what each may do. Roles are a workflow guard (who may
-- approve, schedule, publish, kill), kept with the desk's data so the app and the CLI agree;
-- they are not access control against someone who can edit the database file.
CREATE TABLE profiles (
    name       TEXT    PRIMARY KEY COLLATE NOCASE,
    role       TEXT    NOT NULL CHECK (role IN ('writer', 'editor')),
    created_at INTEGER NOT NULL
);
