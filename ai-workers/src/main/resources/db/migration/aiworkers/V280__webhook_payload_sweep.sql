-- Payloads that hold personal data (lead.reply_approved: the reply and the lead's e-mail and name;
-- suggestion.approved: the approved text) are swept: emptied once delivered, and after the retention
-- (assistant.webhooks.personal-payload-retention) when they never were; at once when the lead is forgotten.
-- A swept delivery keeps its log but cannot be sent again.
ALTER TABLE webhook_delivery ALTER COLUMN payload DROP NOT NULL;
ALTER TABLE webhook_delivery ADD COLUMN personal BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE webhook_delivery ADD COLUMN swept_at TIMESTAMPTZ;
UPDATE webhook_delivery SET personal = TRUE WHERE event_type IN ('lead.reply_approved', 'suggestion.approved');
CREATE INDEX webhook_delivery_personal_idx ON webhook_delivery (created_at) WHERE personal AND payload IS NOT NULL;
UPDATE webhook_delivery SET payload = NULL, swept_at = now() WHERE personal AND status = 'DELIVERED';
