-- The tenant's chat routing rules (RoutingRulesSet), as JSON; NULL until the tenant first sets them (the defaults).
ALTER TABLE tenant_view ADD COLUMN routing_rules JSONB;
