-- PostgreSQL only. event_tag loses its foreign key to event: each check looked up the event's
-- primary key and locked its row FOR KEY SHARE, once per link (ten links per event), for nothing
-- the key guards. A link is written in the transaction that writes its event, and the only
-- statement that deletes events (retention, RetentionBatches) deletes their links first, in the
-- same transaction. Every read of event_tag joins event, so a link left without its event (only an
-- operator's DELETE FROM event could leave one) is never seen. The key to tag_value stays: it is
-- what stops retention from deleting a tag value whose count just went to zero while a consumer
-- links a new event to it (docs/architecture.md, "The foreign keys").
ALTER TABLE event_tag DROP CONSTRAINT event_tag_event_id_fkey;
