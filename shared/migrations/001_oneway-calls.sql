-- Up Migration
-- Durable oneway calls (shared/src/db/oneway-queue.ts): a call is kept here before its
-- caller is answered, and deleted in the transaction that runs its handler, so that its
-- effect and its completion commit together. Calls that keep failing stay, marked failed.
CREATE TABLE oneway_calls (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  service text NOT NULL,
  method text NOT NULL,
  protocol text NOT NULL,
  message bytea NOT NULL,
  request_id text NOT NULL,
  identity text,
  attempts integer NOT NULL DEFAULT 0,
  run_after timestamptz NOT NULL DEFAULT now(),
  last_error text,
  failed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- What consumers look for: a service's due calls, oldest first.
CREATE INDEX oneway_calls_due ON oneway_calls (service, run_after, id) WHERE failed_at IS NULL;

-- Consumers waiting for work are woken at once (they also look every poll interval).
CREATE FUNCTION oneway_calls_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('oneway_calls', NEW.service);
  RETURN NULL;
END
$$;
CREATE TRIGGER oneway_calls_added AFTER INSERT ON oneway_calls
  FOR EACH ROW EXECUTE FUNCTION oneway_calls_notify();

-- Down Migration
DROP TABLE oneway_calls;
DROP FUNCTION oneway_calls_notify();
