-- Every running node renews its row; a node whose row is older than the lease timeout (or gone) is dead, and
-- the attempts it was streaming are restarted by the others (platform.nodes.NodeLeases).
CREATE TABLE node_lease (
    node_id      VARCHAR(64)              NOT NULL PRIMARY KEY,
    started_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    heartbeat_at TIMESTAMP WITH TIME ZONE NOT NULL
);
