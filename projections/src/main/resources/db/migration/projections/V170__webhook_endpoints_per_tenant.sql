-- Webhook endpoint ids are the tenant's own: two tenants may each have an endpoint "crm". A row is the endpoint of a
-- tenant, (tenant_id, endpoint_id); the former key (the endpoint id alone) let one tenant's endpoint hide another's.
ALTER TABLE webhook_endpoint_view DROP CONSTRAINT webhook_endpoint_view_pkey;
ALTER TABLE webhook_endpoint_view ADD PRIMARY KEY (tenant_id, endpoint_id);
-- the primary key's index serves the reads by tenant
DROP INDEX webhook_endpoint_view_tenant_idx;
