-- Up Migration
CREATE TABLE users (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- Lower-cased by the handler's validation: one user per address, whatever its case.
  email text NOT NULL UNIQUE,
  name text NOT NULL,
  role integer NOT NULL,
  -- Milliseconds since the epoch, as the IDL's i64.
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL
);

-- Every replica keeps recently read users in memory (src/cached-repository.ts): any change
-- of a row, whoever makes it (a replica, a migration, an operator's psql), is announced
-- on commit, and every replica drops its copy.
CREATE FUNCTION users_notify_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('users_changed', COALESCE(NEW.id, OLD.id)::text);
  RETURN NULL;
END
$$;
CREATE TRIGGER users_changed AFTER INSERT OR UPDATE OR DELETE ON users
  FOR EACH ROW EXECUTE FUNCTION users_notify_changed();

-- Down Migration
DROP TABLE users;
DROP FUNCTION users_notify_changed();
