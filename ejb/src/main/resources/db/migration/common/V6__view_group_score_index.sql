-- A view's groups under one value of its first key, by score: the dashboard's per-value lists and
-- the view's filtered group list become index scans (docs/benchmarks-queries.md, finding 5).
-- Its prefix (view_id, k1) serves everything the index it replaces did.
CREATE INDEX view_group_k1_score_idx ON view_group (view_id, k1, score, id);
DROP INDEX view_group_k1_idx;
