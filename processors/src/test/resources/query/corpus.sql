## Corpus of real-world-style SQL statements for the query processor's tests.
##
## Format: a statement starts with its engine, "pg|" (PostgreSQL) or "my|" (MySQL), at the
## start of a line, and ends at the first line that ends with ";" (the ";" is not part of it).
## Lines starting with "##" are comments of this file, blank lines are ignored. Statements are
## referred to by number (the first is 1) in QueryCorpusTest: append new ones at the end.
##
## pt-fingerprint.txt next to this file is Percona's fingerprint of every statement, in order:
##   sed -E 's/^(pg|my)\|//' corpus.sql | pt-fingerprint > pt-fingerprint.txt
## (pt-fingerprint reads ";\n"-separated statements, and drops lines starting with "#"; every
## statement here starts with a word so that pt-fingerprint prints exactly one line for each.)

## ---- Rails / ActiveRecord on PostgreSQL (quoted identifiers, inline literals) ----
pg|SELECT "users".* FROM "users" WHERE "users"."id" = 17 LIMIT 1;
pg|SELECT "users".* FROM "users" WHERE "users"."id" = 2045 LIMIT 1;
pg|SELECT "posts".* FROM "posts" WHERE "posts"."id" = 99 LIMIT 1;
pg|SELECT "users".* FROM "users" WHERE "users"."email" = 'ann@example.com' LIMIT 1;
pg|SELECT "users".* FROM "users" WHERE "users"."email" = 'bob.smith@example.org' LIMIT 1;
pg|SELECT "posts".* FROM "posts" WHERE "posts"."user_id" = $1 ORDER BY "posts"."created_at" DESC LIMIT $2 OFFSET $3;
pg|SELECT "posts".* FROM "posts" WHERE "posts"."user_id" = $1 ORDER BY "posts"."created_at" DESC LIMIT $2;
pg|SELECT COUNT(*) FROM "comments" WHERE "comments"."post_id" IN (1, 2, 3, 4, 5);
pg|SELECT COUNT(*) FROM "comments" WHERE "comments"."post_id" IN (42);
pg|INSERT INTO "users" ("email", "name", "created_at", "updated_at") VALUES ('cat@example.com', 'Cat', '2026-11-28 10:01:02.123456', '2026-11-28 10:01:02.123456') RETURNING "id";
pg|INSERT INTO "users" ("email", "name", "created_at", "updated_at") VALUES ('dan@example.com', 'Dan O''Neil', '2026-11-28 11:00:00', '2026-11-28 11:00:00') RETURNING "id";
pg|UPDATE "users" SET "last_sign_in_at" = '2026-11-28 12:00:00', "sign_in_count" = 12 WHERE "users"."id" = 17;
pg|UPDATE "users" SET "last_sign_in_at" = '2026-11-27 08:30:00', "sign_in_count" = 3 WHERE "users"."id" = 2045;
pg|DELETE FROM "sessions" WHERE "sessions"."updated_at" < '2026-10-28 00:00:00';
pg|SELECT 1 AS one FROM "users" WHERE "users"."email" = 'ann@example.com' LIMIT 1;

## ---- Django on PostgreSQL ----
pg|SELECT "auth_user"."id", "auth_user"."password", "auth_user"."last_login", "auth_user"."is_superuser", "auth_user"."username" FROM "auth_user" WHERE "auth_user"."username" = 'alice' LIMIT 21;
pg|SELECT "auth_user"."id", "auth_user"."password", "auth_user"."last_login", "auth_user"."is_superuser", "auth_user"."username" FROM "auth_user" WHERE "auth_user"."username" = 'bob' LIMIT 21;
pg|SELECT "django_session"."session_key", "django_session"."session_data", "django_session"."expire_date" FROM "django_session" WHERE ("django_session"."expire_date" > '2026-11-28T12:00:00+00:00'::timestamptz AND "django_session"."session_key" = 'q8x0v1z2') LIMIT 21;
pg|SELECT "shop_product"."id", "shop_product"."name" FROM "shop_product" WHERE "shop_product"."category_id" = %s ORDER BY "shop_product"."name" ASC;
pg|SELECT "shop_product"."id", "shop_product"."name" FROM "shop_product" WHERE "shop_product"."category_id" = %s ORDER BY "shop_product"."name";
pg|UPDATE "shop_stock" SET "quantity" = ("shop_stock"."quantity" - 1) WHERE "shop_stock"."product_id" = 881;
pg|UPDATE "shop_stock" SET "quantity" = ("shop_stock"."quantity" + 5) WHERE "shop_stock"."product_id" = 12;

## ---- SQLAlchemy (pyformat placeholders) ----
pg|SELECT users.id AS users_id, users.name AS users_name FROM users WHERE users.id = %(id_1)s;
pg|SELECT users.id AS users_id, users.name AS users_name FROM users WHERE users.id = %(pk_1)s;
pg|INSERT INTO audit_log (actor, action, payload) VALUES (%(actor)s, %(action)s, %(payload)s);

## ---- Hibernate 5 / 6 and EclipseLink (bound parameters, generated aliases) ----
pg|select customer0_.id as id1_0_, customer0_.email as email2_0_, customer0_.name as name3_0_ from customer customer0_ where customer0_.email=?;
pg|select customer0_.id as id1_0_, customer0_.email as email2_0_, customer0_.name as name3_0_ from customer customer0_ where customer0_.email = ?;
pg|select order0_.id as id1_3_0_, lines1_.id as id1_4_1_, lines1_.quantity as quantity2_4_1_ from orders order0_ left outer join order_line lines1_ on order0_.id=lines1_.order_id where order0_.id=?;
pg|select u1_0.id,u1_0.email,u1_0.name from users u1_0 where u1_0.id=?;
pg|select u1_0.id,u1_0.email,u1_0.name from users u1_0 where u1_0.id in (?,?,?,?,?,?,?,?,?,?);
pg|select u1_0.id,u1_0.email,u1_0.name from users u1_0 where u1_0.id in (?,?);
pg|select p1_0.id,p1_0.title from product p1_0 where p1_0.price between ? and ? order by p1_0.title offset ? rows fetch first ? rows only;
pg|select p1_0.id,p1_0.title from product p1_0 where p1_0.price between ? and ? order by p1_0.title fetch first ? rows only;
pg|insert into orders (created_at,customer_id,status,total,id) values (?,?,?,?,?);
pg|update orders set status=?,version=? where id=? and version=?;
pg|delete from order_line where order_id=?;
pg|select nextval('orders_seq');
pg|SELECT ID, NAME, PRICE FROM PRODUCT WHERE (ID = ?);
pg|SELECT t0.ID, t0.TOTAL, t0.CUSTOMER_ID FROM ORDERS t0, CUSTOMER t1 WHERE ((t1.ID = ?) AND (t1.ID = t0.CUSTOMER_ID));
pg|SELECT t0.ID, t0.TOTAL, t0.CUSTOMER_ID FROM ORDERS t0, CUSTOMER t1 WHERE ((t1.ID = 7) AND (t1.ID = t0.CUSTOMER_ID));
pg|UPDATE SEQUENCE SET SEQ_COUNT = SEQ_COUNT + ? WHERE SEQ_NAME = ?;
pg|SELECT SEQ_COUNT FROM SEQUENCE WHERE SEQ_NAME = ?;

## ---- pgbench (TPC-B-like) ----
pg|UPDATE pgbench_accounts SET abalance = abalance + -4185 WHERE aid = 80914;
pg|UPDATE pgbench_accounts SET abalance = abalance + 2231 WHERE aid = 5;
pg|SELECT abalance FROM pgbench_accounts WHERE aid = 80914;
pg|SELECT abalance FROM pgbench_accounts WHERE aid = 77;
pg|UPDATE pgbench_tellers SET tbalance = tbalance + -4185 WHERE tid = 7;
pg|UPDATE pgbench_tellers SET tbalance = tbalance + 310 WHERE tid = 2;
pg|UPDATE pgbench_branches SET bbalance = bbalance + -4185 WHERE bid = 1;
pg|INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (7, 1, 80914, -4185, CURRENT_TIMESTAMP);
pg|INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (2, 1, 5, 2231, CURRENT_TIMESTAMP);
pg|BEGIN;
pg|END;
pg|UPDATE pgbench_accounts SET abalance = abalance + $1 WHERE aid = $2;

## ---- reporting: CTEs, window functions, lateral joins ----
pg|WITH monthly AS (
  SELECT date_trunc('month', created_at) AS month, customer_id, sum(total) AS revenue
  FROM orders
  WHERE created_at >= '2026-01-01' AND status <> 'cancelled'
  GROUP BY 1, 2
)
SELECT month, customer_id, revenue,
       rank() OVER (PARTITION BY month ORDER BY revenue DESC) AS rnk
FROM monthly
WHERE revenue > 1000
ORDER BY month, rnk;
pg|WITH monthly AS (SELECT date_trunc('month', created_at) AS month, customer_id, sum(total) AS revenue FROM orders WHERE created_at >= '2025-01-01' AND status <> 'refunded' GROUP BY 1, 2) SELECT month, customer_id, revenue, rank() OVER (PARTITION BY month ORDER BY revenue DESC) AS rnk FROM monthly WHERE revenue > 50 ORDER BY month, rnk;
pg|SELECT id, amount, sum(amount) OVER (ORDER BY created_at ROWS BETWEEN 6 PRECEDING AND CURRENT ROW) AS rolling FROM payments WHERE account_id = 42;
pg|SELECT id, amount, sum(amount) OVER (ORDER BY created_at ROWS BETWEEN 29 PRECEDING AND CURRENT ROW) AS rolling FROM payments WHERE account_id = 7;
pg|SELECT customer_id, created_at, total, lag(total) OVER w AS previous_total, total - lag(total) OVER w AS delta FROM orders WHERE created_at > now() - interval '30 days' WINDOW w AS (PARTITION BY customer_id ORDER BY created_at);
pg|WITH RECURSIVE tree AS (
  SELECT id, parent_id, name, 1 AS depth FROM categories WHERE parent_id IS NULL
  UNION ALL
  SELECT c.id, c.parent_id, c.name, t.depth + 1 FROM categories c JOIN tree t ON c.parent_id = t.id
)
SELECT * FROM tree ORDER BY depth, name;
pg|SELECT c.id, l.* FROM customers c CROSS JOIN LATERAL (SELECT * FROM orders o WHERE o.customer_id = c.id ORDER BY o.created_at DESC LIMIT 3) l WHERE c.region = 'EU';
pg|SELECT c.id, l.* FROM customers c CROSS JOIN LATERAL (SELECT * FROM orders o WHERE o.customer_id = c.id ORDER BY o.created_at DESC LIMIT 10) l WHERE c.region = 'US';
pg|SELECT d::date AS day, count(o.id) FROM generate_series('2026-11-01'::date, '2026-11-30'::date, '1 day') d LEFT JOIN orders o ON o.created_at::date = d::date GROUP BY 1 ORDER BY 1;
pg|SELECT product_id, percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms) AS p95 FROM request_log WHERE ts >= now() - interval '1 hour' GROUP BY product_id HAVING count(*) > 100;
pg|SELECT product_id, percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms) AS p95 FROM request_log WHERE ts >= now() - interval '1 day' GROUP BY product_id HAVING count(*) > 10;
pg|SELECT status, count(*) FILTER (WHERE total > 100) AS big, count(*) AS all_orders FROM orders GROUP BY ROLLUP (status);
pg|WITH moved AS (DELETE FROM events WHERE created_at < '2026-01-01' RETURNING *) INSERT INTO events_archive SELECT * FROM moved;

## ---- PostgreSQL features: JSONB, arrays, casts, upserts, full text ----
pg|SELECT id FROM events WHERE payload->>'type' = 'signup' AND payload @> '{"plan": "pro"}';
pg|SELECT id FROM events WHERE payload->>'type' = 'login' AND payload @> '{"plan": "free"}';
pg|SELECT data #>> '{address,city}' AS city FROM customers WHERE id = 5;
pg|SELECT data #>> '{address,zip}' AS city FROM customers WHERE id = 6;
pg|SELECT id, tags FROM articles WHERE tags && ARRAY['postgres', 'performance'];
pg|SELECT id, tags FROM articles WHERE tags && ARRAY['java'];
pg|SELECT * FROM users WHERE id = ANY($1);
pg|SELECT * FROM users WHERE id = ANY(ARRAY[1, 2, 3]);
pg|SELECT * FROM users WHERE id = ANY(ARRAY[10, 20]);
pg|SELECT '2026-11-28'::date + interval '1 day';
pg|SELECT '2025-01-01'::date + interval '7 days';
pg|INSERT INTO inventory (sku, qty) VALUES ('A-1', 5) ON CONFLICT (sku) DO UPDATE SET qty = inventory.qty + EXCLUDED.qty;
pg|INSERT INTO inventory (sku, qty) VALUES ('B-77', 12) ON CONFLICT (sku) DO UPDATE SET qty = inventory.qty + EXCLUDED.qty;
pg|INSERT INTO inventory (sku, qty) VALUES ('C-3', 1) ON CONFLICT DO NOTHING;
pg|SELECT id, ts_rank(search, q) AS rank FROM documents, plainto_tsquery('english', 'slow query') q WHERE search @@ q ORDER BY rank DESC LIMIT 20;
pg|SELECT id, ts_rank(search, q) AS rank FROM documents, plainto_tsquery('english', 'index bloat') q WHERE search @@ q ORDER BY rank DESC LIMIT 50;
pg|SELECT id FROM events WHERE payload ? 'coupon';
pg|SELECT id FROM events WHERE payload ?| array['coupon', 'voucher'];
pg|SELECT jsonb_set(settings, '{theme}', '"dark"') FROM profiles WHERE user_id = 3;
pg|SELECT count(*) FROM "Order" WHERE "CustomerId" = 5;
pg|SELECT count(*) FROM "Order" WHERE "CustomerId" = 6;
pg|SELECT o."Id", o."Total" FROM "Orders" AS o WHERE o."Status" = 'Open';
pg|SELECT E'line\nbreak', E'it\'s' FROM dual_table;
pg|SELECT 'line break', 'it''s' FROM dual_table;
pg|SELECT set_config('app.current_user', $$alice$$, false);
pg|SELECT set_config('app.current_user', $$bob$$, false);
pg|SELECT set_config('app.current_user', 'carol', false);
pg|DO $$ BEGIN PERFORM pg_sleep(1); END $$;
pg|SELECT x'1F'::int, B'1010'::int;
pg|SELECT x'FF'::int, B'1'::int;

## ---- job queues, locking, maintenance ----
pg|SELECT id, payload FROM jobs WHERE queue = 'default' AND run_at <= now() ORDER BY priority DESC, id LIMIT 10 FOR UPDATE SKIP LOCKED;
pg|SELECT id, payload FROM jobs WHERE queue = 'mailers' AND run_at <= now() ORDER BY priority DESC, id ASC LIMIT 1 FOR UPDATE SKIP LOCKED;
pg|UPDATE jobs SET locked_at = now(), locked_by = 'worker-3' WHERE id IN (101, 102, 103);
pg|UPDATE jobs SET locked_at = now(), locked_by = 'worker-12' WHERE id IN (7);
pg|DELETE FROM jobs WHERE id = 101;
pg|SELECT pg_advisory_xact_lock(4242);
pg|SELECT pg_try_advisory_lock(17);
pg|SELECT pid, state, query FROM pg_stat_activity WHERE state <> 'idle' AND now() - query_start > interval '5 minutes';
pg|SELECT relname, n_dead_tup FROM pg_stat_user_tables WHERE n_dead_tup > 10000 ORDER BY n_dead_tup DESC;
pg|VACUUM ANALYZE orders;
pg|ANALYZE customers;
pg|SET statement_timeout = 5000;
pg|SET statement_timeout = '30s';
pg|SET search_path TO app, public;
pg|SHOW server_version;
pg|COMMIT;
pg|ROLLBACK;
pg|LISTEN orders_changed;
pg|NOTIFY orders_changed, 'order 17 paid';
pg|NOTIFY orders_changed, 'order 18 shipped';
pg|EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM orders WHERE customer_id = 42;
pg|COPY orders (id, total) TO STDOUT WITH (FORMAT csv, HEADER true);
pg|SELECT * FROM orders WHERE customer_id IN (SELECT id FROM customers WHERE country = 'DE') AND status = 'open';
pg|SELECT * FROM orders WHERE customer_id IN (SELECT id FROM customers WHERE country = 'FR') AND status = 'paid';
pg|SELECT email FROM customers WHERE email ILIKE '%@example.com' AND deleted_at IS NULL;
pg|SELECT email FROM customers WHERE email ILIKE '%@example.org' AND deleted_at IS NULL;
pg|SELECT email FROM customers WHERE deleted_at IS NOT NULL;
pg|SELECT * FROM accounts WHERE active = true AND balance < -100;
pg|SELECT * FROM accounts WHERE active = false AND balance < 250.50;
pg|SELECT * FROM accounts WHERE active AND balance < 0;
pg|SELECT * FROM orders_2025 WHERE id = 1;
pg|SELECT * FROM orders_2026 WHERE id = 2;
pg|SELECT * FROM shard_01.orders WHERE id = 3;
pg|SELECT * FROM shard_02.orders WHERE id = 4;
pg|INSERT INTO metrics (name, value, ts) VALUES ('cpu', 0.93, now()), ('mem', 0.41, now()), ('disk', 0.77, now());
pg|INSERT INTO metrics (name, value, ts) VALUES ('cpu', 0.12, now()), ('mem', 0.43, now());
pg|INSERT INTO metrics (name, value, ts) VALUES ('load', 1.5, now());
pg|SELECT * FROM (VALUES (1, 'one'), (2, 'two'), (3, 'three')) AS t (num, word);
pg|SELECT * FROM (VALUES (1, 'uno')) AS t (num, word);
pg|SELECT id FROM users WHERE (first_name, last_name) IN (('Ann', 'Lee'), ('Bob', 'Kay'));
pg|SELECT id FROM users WHERE (first_name, last_name) IN (('Eve', 'Moe'));
pg|UPDATE counters SET value = value + 1 WHERE name = 'visits';
pg|UPDATE counters SET value = value - 1 WHERE name = 'visits';
pg|SELECT count(*) FROM users WHERE created_at>'2026-11-01';
pg|select   count(*)
from users
where created_at > '2026-10-01';
pg|SELECT id FROM orders WHERE id = :order_id;
pg|SELECT id FROM orders WHERE id = :id;
pg|SELECT u.id FROM users u WHERE u.name = 'x' -- the admin lookup
  AND u.role = 'admin';
pg|SELECT u.id FROM users u /* audit */ WHERE u.name = 'y' AND u.role = 'admin';
pg|SELECT a FROM t1 WHERE id = 1 UNION ALL SELECT a FROM t1 WHERE id = 2 UNION ALL SELECT a FROM t1 WHERE id = 3;
pg|SELECT a FROM t1 WHERE id = 9 UNION ALL SELECT a FROM t1 WHERE id = 8;
pg|SELECT name FROM staff UNION SELECT name FROM contractors ORDER BY name;
pg|SELECT 1;
pg|SELECT 42;
pg|SELECT -1;
pg|SELECT version();

## ---- WordPress, Laravel, Magento on MySQL ----
my|SELECT option_value FROM wp_options WHERE option_name = 'siteurl' LIMIT 1;
my|SELECT option_value FROM wp_options WHERE option_name = 'home' LIMIT 1;
my|SELECT option_name, option_value FROM wp_options WHERE autoload = 'yes';
my|SELECT SQL_CALC_FOUND_ROWS wp_posts.ID FROM wp_posts WHERE 1=1 AND wp_posts.post_type = 'post' AND ((wp_posts.post_status = 'publish')) ORDER BY wp_posts.post_date DESC LIMIT 0, 10;
my|SELECT SQL_CALC_FOUND_ROWS wp_posts.ID FROM wp_posts WHERE 1=1 AND wp_posts.post_type = 'page' AND ((wp_posts.post_status = 'draft')) ORDER BY wp_posts.post_date DESC LIMIT 10, 10;
my|SELECT FOUND_ROWS();
my|SELECT t.*, tt.* FROM wp_terms AS t INNER JOIN wp_term_taxonomy AS tt ON t.term_id = tt.term_id WHERE tt.taxonomy IN ('category') AND t.term_id IN (1, 5, 9);
my|SELECT t.*, tt.* FROM wp_terms AS t INNER JOIN wp_term_taxonomy AS tt ON t.term_id = tt.term_id WHERE tt.taxonomy IN ('post_tag', 'category') AND t.term_id IN (12);
my|UPDATE `wp_options` SET `option_value` = '1764331200' WHERE `option_name` = '_transient_timeout_feed';
my|UPDATE `wp_options` SET `option_value` = '1764417600' WHERE `option_name` = '_site_transient_timeout_theme_roots';
my|select * from `users` where `email` = ? and `users`.`deleted_at` is null limit 1;
my|select * from `users` where `email` = ? and `users`.`deleted_at` is null limit 1 offset 0;
my|select count(*) as aggregate from `orders` where `user_id` = ? and `status` in (?, ?, ?);
my|select count(*) as aggregate from `orders` where `user_id` = ? and `status` in (?);
my|insert into `jobs` (`queue`, `payload`, `attempts`, `reserved_at`, `available_at`, `created_at`) values (?, ?, ?, ?, ?, ?);
my|update `jobs` set `reserved_at` = ?, `attempts` = ? where `id` = ?;
my|SELECT `main_table`.* FROM `sales_order` AS `main_table` WHERE (`main_table`.`entity_id` IN ('1', '2', '3'));
my|SELECT `main_table`.* FROM `sales_order` AS `main_table` WHERE (`main_table`.`entity_id` IN ('10'));
my|SELECT `e`.*, `price_index`.`price` FROM `catalog_product_entity` AS `e` INNER JOIN `catalog_product_index_price` AS `price_index` ON price_index.entity_id = e.entity_id AND price_index.website_id = '1' WHERE (e.entity_id IN (4, 8, 15, 16, 23, 42));

## ---- MySQL syntax: backticks, LIMIT m, n, upserts, comments, hints ----
my|SELECT `id`, `email` FROM `users` WHERE `email` = 'a@b.com' LIMIT 1;
my|SELECT id, email FROM users WHERE email = 'c@d.com' LIMIT 1;
my|SELECT id, name FROM products ORDER BY name LIMIT 10, 20;
my|SELECT id, name FROM products ORDER BY name LIMIT 20;
my|SELECT id, name FROM products ORDER BY name LIMIT 5 OFFSET 40;
my|INSERT INTO page_views (page_id, day, views) VALUES (7, '2026-11-28', 1) ON DUPLICATE KEY UPDATE views = views + 1;
my|INSERT INTO page_views (page_id, day, views) VALUES (8, '2026-11-27', 1) ON DUPLICATE KEY UPDATE views = views + 1;
my|INSERT INTO page_views (page_id, day, views) VALUES (1, '2026-11-28', 1), (2, '2026-11-28', 1) ON DUPLICATE KEY UPDATE views = VALUES(views) + views;
my|INSERT INTO page_views (page_id, day, views) VALUES (3, '2026-11-28', 4), (4, '2026-11-28', 2), (5, '2026-11-28', 9) ON DUPLICATE KEY UPDATE views = VALUES(views) + views;
my|INSERT IGNORE INTO tags (name) VALUES ('mysql');
my|INSERT IGNORE INTO tags (name) VALUES ('postgres');
my|REPLACE INTO cache (cache_key, value, expires) VALUES ('user:17', '{"a":1}', 1764331200);
my|REPLACE INTO cache (cache_key, value, expires) VALUES ('user:18', '{"b":2}', 1764331300);
my|SELECT id FROM sessions WHERE token = 'abc' # look up the session
  AND expires > NOW();
my|SELECT id FROM sessions WHERE token = 'def' AND expires > NOW();
my|SELECT id FROM users WHERE name = "bob";
my|SELECT id FROM users WHERE name = "alice";
my|SELECT id FROM users WHERE name = 'O\'Reilly';
my|SELECT id FROM users WHERE name = 'Smith';
my|SELECT * FROM blobs WHERE checksum = x'4D7953514C' OR flags = b'1010' OR mask = 0x1F;
my|SELECT * FROM blobs WHERE checksum = X'00' OR flags = b'1' OR mask = 0xFFFF;
my|SELECT /*+ MAX_EXECUTION_TIME(1000) */ id FROM orders WHERE customer_id = 5;
my|SELECT id FROM orders WHERE customer_id = 6;
my|SELECT /*+ INDEX(o idx_customer) */ id FROM orders o WHERE customer_id = 7;
my|SELECT /*!40001 SQL_NO_CACHE */ * FROM `orders`;
my|SELECT /*!40001 SQL_NO_CACHE */ * FROM `customers`;
my|SELECT SQL_NO_CACHE * FROM orders WHERE id = 1;
my|UPDATE products SET stock = stock - 1 WHERE id = 7 AND stock > 0;
my|UPDATE products SET stock = stock + 5 WHERE id = 9 AND stock > 0;
my|UPDATE orders o JOIN customers c ON c.id = o.customer_id SET o.region = c.region WHERE o.region IS NULL;
my|DELETE FROM sessions WHERE last_activity < 1764288000;
my|DELETE FROM sessions WHERE last_activity < 1764201600;
my|DELETE LOW_PRIORITY FROM audit WHERE created < '2025-11-28' LIMIT 1000;
my|SELECT country, city, SUM(total) FROM orders GROUP BY country, city WITH ROLLUP;
my|SELECT COUNT(*) FROM orders WHERE created_at BETWEEN '2026-11-01' AND '2026-11-30';
my|SELECT COUNT(*) FROM orders WHERE created_at BETWEEN '2026-10-01 00:00:00' AND '2026-10-31 23:59:59';
my|SELECT doc->>'$.name' FROM docs WHERE JSON_EXTRACT(doc, '$.age') > 30;
my|SELECT doc->>'$.city' FROM docs WHERE JSON_EXTRACT(doc, '$.age') > 65;
my|SELECT * FROM accounts WHERE balance < -100;
my|SELECT * FROM accounts WHERE balance < 100;
my|SELECT * FROM accounts WHERE balance<-5;
my|SET NAMES utf8mb4;
my|SET autocommit=0;
my|SET SESSION sql_mode = 'STRICT_TRANS_TABLES,NO_ZERO_DATE';
my|SET @rank := 0;
my|SELECT @@version, @@session.transaction_isolation;
my|SHOW VARIABLES LIKE 'max_connections';
my|SHOW VARIABLES LIKE 'innodb_buffer_pool_size';
my|SHOW FULL PROCESSLIST;
my|SHOW CREATE TABLE orders;
my|LOCK TABLES orders WRITE, customers READ;
my|UNLOCK TABLES;
my|CALL refresh_stats(2026, 11);
my|CALL refresh_stats(2025, 1);
my|USE shop;
my|USE shop_test;
my|START TRANSACTION;
my|COMMIT;
my|SELECT * FROM users WHERE name = _utf8mb4'Zoë' COLLATE utf8mb4_bin;
my|SELECT * FROM users WHERE name = _utf8mb4'Joe' COLLATE utf8mb4_bin;
my|SELECT id INTO OUTFILE '/tmp/orders.csv' FROM orders WHERE status = 'paid';
my|SELECT SQL_NO_CACHE COUNT(*) FROM `orders` FORCE INDEX (idx_created) WHERE created_at > '2026-11-01';
my|ALTER TABLE orders ADD INDEX idx_status (status);
my|CREATE TEMPORARY TABLE tmp_ids (id BIGINT PRIMARY KEY);
my|DROP TEMPORARY TABLE IF EXISTS tmp_ids;
my|TRUNCATE TABLE tmp_stats;
my|SELECT * FROM t1 WHERE a=1 AND b='x';
my|SELECT * FROM t1 WHERE a = 1 AND b = 'y';
my|SELECT * FROM t2 WHERE a = 2 AND b = 'z';
my|SELECT SLEEP(5);
my|SELECT GET_LOCK('migrations', 10);
my|SELECT RELEASE_LOCK('migrations');
my|SELECT p.id, p.name, (SELECT COUNT(*) FROM reviews r WHERE r.product_id = p.id) AS review_count FROM products p WHERE p.category_id = 3 HAVING review_count > 10;
my|SELECT customer_id, SUM(total) AS spent FROM orders WHERE status IN ('paid', 'shipped') GROUP BY customer_id ORDER BY spent DESC LIMIT 100;
my|SELECT customer_id, SUM(total) AS spent FROM orders WHERE status IN ('paid') GROUP BY customer_id ORDER BY spent DESC LIMIT 10;
my|SELECT id, ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY created_at DESC) AS rn FROM orders;
my|WITH recent AS (SELECT * FROM orders WHERE created_at > NOW() - INTERVAL 7 DAY) SELECT customer_id, COUNT(*) FROM recent GROUP BY customer_id;
my|WITH recent AS (SELECT * FROM orders WHERE created_at > NOW() - INTERVAL 30 DAY) SELECT customer_id, COUNT(*) FROM recent GROUP BY customer_id;
my|SELECT MATCH(title, body) AGAINST ('slow query' IN NATURAL LANGUAGE MODE) AS score FROM articles WHERE MATCH(title, body) AGAINST ('slow query' IN NATURAL LANGUAGE MODE);
my|INSERT INTO events (type, payload) SELECT 'copy', payload FROM events_staging WHERE batch = 17;
my|INSERT INTO events (type, payload) SELECT 'copy', payload FROM events_staging WHERE batch = 18;
my|DELETE t1 FROM t1 LEFT JOIN t2 ON t1.id = t2.t1_id WHERE t2.id IS NULL;
my|UPDATE users SET login_count = login_count + 1, last_login = NOW() WHERE id = 17;
my|UPDATE users SET login_count = login_count + 1, last_login = NOW() WHERE id = 18;
my|SELECT IF(status = 'paid', 1, 0) AS paid, IFNULL(note, '') FROM orders WHERE id = 3;
my|SELECT CONCAT(first_name, ' ', last_name) FROM users WHERE id IN (SELECT user_id FROM admins);
my|SELECT * FROM logs WHERE message LIKE '%timeout%' AND level = 'error' ORDER BY id DESC LIMIT 50;
my|SELECT * FROM logs WHERE message LIKE '%deadlock%' AND level = 'warn' ORDER BY id DESC LIMIT 50;
my|INSERT INTO stats (k, v) VALUES ('a', 1), ('b', 2), ('c', 3), ('d', 4), ('e', 5), ('f', 6);
my|INSERT INTO stats (k, v) VALUES ('z', 26);
my|SELECT a FROM t WHERE x = 1 UNION SELECT a FROM t WHERE x = 2;
my|SELECT a FROM t WHERE x = 3 UNION SELECT a FROM t WHERE x = 4 UNION SELECT a FROM t WHERE x = 5;
my|XA START 'tx1';
my|SELECT 1 FROM DUAL;
my|SELECT 1;
