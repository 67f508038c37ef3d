-- Every statement that stores events tells the nodes listening on channel 'assistant_events' (one notification per
-- transaction: PostgreSQL folds identical notifications of a transaction into one, and sends them at commit). The
-- notification carries nothing: a node that hears it reads the event store, which stays the source of truth.
CREATE FUNCTION notify_events_stored() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM pg_notify('assistant_events', '');
    RETURN NULL;
END;
$$;

CREATE TRIGGER domain_event_entry_notify
    AFTER INSERT ON domain_event_entry
    FOR EACH STATEMENT
EXECUTE FUNCTION notify_events_stored();
