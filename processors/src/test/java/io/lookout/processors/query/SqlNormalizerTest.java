package io.lookout.processors.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.StringJoiner;
import java.util.function.Supplier;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SqlNormalizerTest {

    private static String pg(String sql) {
        return SqlNormalizer.normalize(sql, Dialect.POSTGRESQL).sql();
    }

    private static String my(String sql) {
        return SqlNormalizer.normalize(sql, Dialect.MYSQL).sql();
    }

    private static String any(String sql) {
        return SqlNormalizer.normalize(sql, Dialect.GENERIC).sql();
    }

    /** Asserts the fingerprint in every dialect. */
    private static void assertAll3(String expected, String sql) {
        assertEquals(expected, pg(sql), "postgresql");
        assertEquals(expected, my(sql), "mysql");
        assertEquals(expected, any(sql), "generic");
    }

    @Nested
    class Comments {

        @Test
        void lineCommentsAreDropped() {
            assertAll3("select a from t where b = ?", "SELECT a -- the a\nFROM t WHERE b = 1 -- trailing");
            assertAll3("select ?", "-- leading\r\nSELECT 1");
        }

        @Test
        void blockCommentsAreDropped() {
            assertAll3("select a from t", "/* leading */ SELECT /* inner */ a FROM t /* trailing */");
            assertAll3(
                    "select a from t",
                    "SELECT a FROM t /*controller='users',action='show',traceparent='00-4bf92f3577b34da6-00f067aa0ba902b7-01'*/");
            assertAll3("select a from t", "SELECT a/**/FROM/* x */t");
        }

        @Test
        void mysqlHashCommentsAreCommentsOnlyWhereHashIsNotAnOperator() {
            assertEquals("select a from t where b = ?", my("SELECT a FROM t # the t\nWHERE b = 1 #end"));
            assertEquals("select a from t where b = ?", any("SELECT a FROM t # the t\nWHERE b = 1"));
            // PostgreSQL: # is bitwise xor, #> and #>> are jsonb operators
            assertEquals("select a # b from t", pg("SELECT a # b FROM t"));
            assertEquals("select data #>> ? from t", pg("SELECT data #>> '{a,b}' FROM t"));
            assertEquals("select data #> ? from t", any("SELECT data #> '{a}' FROM t"));
        }

        @Test
        void mysqlNeedsASpaceAfterDoubleDash() {
            assertEquals("select ? - ?", my("SELECT 5--1"));
            assertEquals("select ?", my("SELECT 5-- 1"));
            assertEquals("select ?", pg("SELECT 5--1"));
        }

        @Test
        void postgresqlBlockCommentsNestMysqlOnesDoNot() {
            assertEquals("select ?", pg("SELECT /* a /* nested */ still comment */ 1"));
            assertEquals("select still comment */ ?", my("SELECT /* a /* nested */ still comment */ 1"));
        }

        @Test
        void unterminatedCommentsRunToTheEnd() {
            assertAll3("select a", "SELECT a /* never closed FROM t WHERE");
            assertAll3("select a", "SELECT a --");
        }

        @Test
        void optimizerHintsAreKeptWithCollapsedWhitespace() {
            assertEquals(
                    "select /*+ MAX_EXECUTION_TIME(1000) */ id from t",
                    my("SELECT /*+   MAX_EXECUTION_TIME(1000)\n */ id FROM t"));
            assertEquals("/*+ SeqScan(t) */ select * from t", pg("/*+ SeqScan(t) */ SELECT * FROM t"));
        }

        @Test
        void mysqlExecutableCommentsAreReadAsSql() {
            assertEquals("select sql_no_cache * from t", my("SELECT /*!40001 SQL_NO_CACHE */ * FROM t"));
            assertEquals(
                    "create table t(id int) engine = innodb", my("CREATE TABLE t (id INT) /*!50100 ENGINE=InnoDB */"));
            assertEquals(
                    "select * from t where a = ?",
                    my("SELECT * FROM t WHERE a=/*!1*/2"),
                    "a version of one digit is the content");
            assertEquals("select * from t", pg("SELECT * /*!40001 SQL_NO_CACHE */ FROM t"));
        }
    }

    @Nested
    class Literals {

        @Test
        void stringsBecomeOnePlaceholder() {
            assertAll3(
                    "select * from t where a = ? and b = ?",
                    "SELECT * FROM t WHERE a = 'x' AND b = 'it''s ''quoted'''");
            assertAll3("select ?", "SELECT ''");
        }

        @Test
        void backslashEscapesInStringsDependOnTheDialect() {
            assertEquals(
                    "select * from t where a = ? and b = ?", my("SELECT * FROM t WHERE a = 'O\\'Reilly' AND b = 'x'"));
            assertEquals(
                    "select * from t where a = ? and b = ?", any("SELECT * FROM t WHERE a = 'O\\'Reilly' AND b = 'x'"));
            // PostgreSQL (standard_conforming_strings): a backslash is an ordinary character
            assertEquals("select * from t where a = ? and b = ?", pg("SELECT * FROM t WHERE a = 'C:\\' AND b = 'x'"));
        }

        @Test
        void escapeStringsAllowBackslashEscapesEverywhere() {
            assertEquals("select ?, ?", pg("SELECT E'it\\'s', e'line\\nbreak'"));
            assertEquals("select ?", pg("SELECT E'\\\\'"));
        }

        @Test
        void dollarQuotedStringsAreLiteralsExceptInMysql() {
            assertEquals("select ?", pg("SELECT $$it's $ a \"string\"$$"));
            assertEquals("select ?, ?", pg("SELECT $fn$ body with $$ inside $fn$, $a$x$a$"));
            assertEquals("do ?", pg("DO $$ BEGIN PERFORM pg_sleep(1); END $$"));
            assertEquals("select ?", any("SELECT $tag$ a $tag$"));
            // MySQL: $ is an identifier character
            assertEquals("select a$b, $c from t", my("SELECT a$b, $c FROM t"));
            assertEquals("select a$b from t", pg("SELECT a$b FROM t"));
        }

        @Test
        void doubleQuotesAreStringsInMysqlAndIdentifiersElsewhere() {
            assertEquals("select * from t where name = ?", my("SELECT * FROM t WHERE name = \"bob\""));
            assertEquals("select * from t where name = ?", my("SELECT * FROM t WHERE name = \"say \"\"hi\"\" \\\" \""));
            assertEquals("select * from t where name = bob", pg("SELECT * FROM t WHERE name = \"bob\""));
            assertEquals("select * from t where name = bob", any("SELECT * FROM t WHERE name = \"bob\""));
        }

        @Test
        void numbersOfEveryFormBecomeOnePlaceholder() {
            assertAll3("select ?, ?, ?, ?, ?, ?, ?", "SELECT 1, 42, 3.14, .5, 1e10, 1.5E-3, 7.");
            assertEquals("select ?", pg("SELECT 1_000_000"));
        }

        @Test
        void aSignIsPartOfItsNumber() {
            assertAll3(
                    "select * from t where a = ? and b < ? and c in (?+)",
                    "SELECT * FROM t WHERE a = -1 AND b < +2.5 AND c IN (-1, 2)");
            assertAll3(pg("SELECT * FROM t WHERE a = 1"), "SELECT * FROM t WHERE a=-1");
            assertAll3("select ?, ?", "SELECT -1, - 2");
            assertAll3("select case when a then ? else ? end from t", "SELECT CASE WHEN a THEN -1 ELSE 1 END FROM t");
            assertAll3("update t set a = ? where b between ? and ?", "UPDATE t SET a = -5 WHERE b BETWEEN -10 AND -1");
        }

        @Test
        void aMinusAfterAnOperandIsASubtraction() {
            assertAll3("select a - ?, a + ?, (a) - ?, f(x) - ? from t", "SELECT a - 1, a+1, (a) -1, f(x)- 1 FROM t");
            assertAll3("select price - discount from t", "SELECT price - discount FROM t");
            assertAll3("update t set value = value - ?", "UPDATE t SET value = value - 1");
            assertAll3("select -x, -(a + b) from t", "SELECT -x, - (a + b) FROM t");
        }

        @Test
        void hexAndBitLiteralsBecomePlaceholders() {
            assertAll3("select ?, ?, ?, ?, ?", "SELECT 0xFF, x'ABCD', X'00', b'0101', B'1'");
            assertEquals("select ?", my("SELECT 0b1010"));
        }

        @Test
        void nationalAndIntroducedStringsAreLiterals() {
            assertEquals("select ?, ?", my("SELECT N'abc', _utf8mb4'Zoë'"));
            assertEquals(
                    "select * from t where a = ? collate utf8mb4_bin",
                    my("SELECT * FROM t WHERE a = _latin1'x' COLLATE utf8mb4_bin"));
        }

        @Test
        void booleansAndNullAreLiterals() {
            assertAll3(
                    "select * from t where a = ? and b = ? and c = ?",
                    "SELECT * FROM t WHERE a = TRUE AND b = false AND c = NULL");
            assertAll3("insert into t(a, b) values (?, ?)", "INSERT INTO t (a, b) VALUES (NULL, 'x')");
        }

        @Test
        void butNotInIsNullOrNotNull() {
            assertAll3(
                    "select * from t where a is null and b is not null and c is true and d is not false",
                    "SELECT * FROM t WHERE a IS NULL AND b IS NOT NULL AND c IS TRUE AND d IS NOT FALSE");
            assertAll3(
                    "create table t(id int not null, note text default ?)",
                    "CREATE TABLE t (id INT NOT NULL, note TEXT DEFAULT NULL)");
        }

        @Test
        void identifiersThatLookLikeNumbersStayIdentifiers() {
            assertEquals("select * from 1st_table where col2 = ?", my("SELECT * FROM 1st_table WHERE col2 = 2"));
            assertAll3("select * from t1 join t2 on t1.id = t2.id", "SELECT * FROM t1 JOIN t2 ON t1.id = t2.id");
            assertAll3("select * from orders_2025 where id1_0_ = ?", "SELECT * FROM orders_2025 WHERE id1_0_ = 5");
        }

        @Test
        void unterminatedLiteralsRunToTheEnd() {
            assertAll3("select * from t where a = ?", "SELECT * FROM t WHERE a = 'never closed AND b = 2");
            assertEquals("select ?", pg("SELECT $$ never closed"));
            assertEquals("select \"never closed\"", pg("SELECT \"never closed"));
            assertEquals("select `never closed`", my("SELECT `never closed"));
            assertEquals("select ?", pg("SELECT E'ends in a backslash\\"));
        }
    }

    @Nested
    class Placeholders {

        @Test
        void everyPlaceholderStyleBecomesAQuestionMark() {
            String expected = "select * from t where a = ? and b = ?";
            assertAll3(expected, "SELECT * FROM t WHERE a = ? AND b = ?");
            assertAll3(expected, "SELECT * FROM t WHERE a = ?1 AND b = ?2");
            assertAll3(expected, "SELECT * FROM t WHERE a = $1 AND b = $2");
            assertAll3(expected, "SELECT * FROM t WHERE a = :a AND b = :userId");
            assertAll3(expected, "SELECT * FROM t WHERE a = %s AND b = %(b_1)s");
            assertAll3(expected, "SELECT * FROM t WHERE a = 'inline' AND b = 7");
        }

        @Test
        void castsAndAssignmentsAreNotPlaceholders() {
            assertAll3("select ?::int, a::text[], b::date from t", "SELECT $1::int, a::text[], b :: date FROM t");
            assertEquals("set @a := ?", my("SET @a := 5"));
            assertEquals("select arr[?:?] from t", pg("SELECT arr[1:2] FROM t"));
            assertEquals("select a % b, a % s2, a % (b) from t", pg("SELECT a % b, a %s2, a %(b) FROM t"));
            // a limitation: "a %s" reads as a pyformat placeholder, not as a modulo by a column s
            assertEquals("select a ? from t", pg("SELECT a %s FROM t"));
        }

        @Test
        void postgresqlJsonbQuestionOperatorsAreKept() {
            assertEquals(
                    "select * from t where d ?| array[?+] and d ?& array[?+]",
                    pg("SELECT * FROM t WHERE d ?| array['a'] AND d ?& array['b', 'c']"));
        }
    }

    @Nested
    class Lists {

        @Test
        void inListsCollapse() {
            String expected = "select * from t where id in (?+)";
            assertAll3(expected, "SELECT * FROM t WHERE id IN (1)");
            assertAll3(expected, "SELECT * FROM t WHERE id IN (1, 2, 3)");
            assertAll3(expected, "SELECT * FROM t WHERE id in ('a','b')");
            assertAll3(expected, "SELECT * FROM t WHERE id IN (?, ?, ?, ?)");
            assertAll3(expected, "SELECT * FROM t WHERE id IN ($1, $2)");
            assertAll3(expected, "SELECT * FROM t WHERE id IN (NULL, -1, 2)");
            assertAll3("select * from t where id not in (?+)", "SELECT * FROM t WHERE id NOT IN (1, 2)");
        }

        @Test
        void inListsOfRowValuesCollapse() {
            assertAll3("select * from t where (a, b) in (?+)", "SELECT * FROM t WHERE (a, b) IN ((1, 2), (3, 4))");
            assertAll3("select * from t where (a, b) in (?+)", "SELECT * FROM t WHERE (a, b) IN ((5, 6))");
        }

        @Test
        void inListsWithAnythingButValuesStay() {
            assertAll3(
                    "select * from t where id in (select id from u where x = ?)",
                    "SELECT * FROM t WHERE id IN (SELECT id FROM u WHERE x = 1)");
            assertAll3("select * from t where ? in (a, b)", "SELECT * FROM t WHERE 5 IN (a, b)");
            assertAll3("select * from t where id in (?, b)", "SELECT * FROM t WHERE id IN (1, b)");
            assertAll3("select * from t where id in ()", "SELECT * FROM t WHERE id IN ()");
            assertAll3("select position(? in name) from t", "SELECT POSITION('x' IN name) FROM t");
        }

        @Test
        void arrayConstructorsCollapse() {
            assertEquals(
                    "select * from t where id = any (array[?+])", pg("SELECT * FROM t WHERE id = ANY(ARRAY[1, 2, 3])"));
            assertEquals("select * from t where id = any (array[?+])", pg("SELECT * FROM t WHERE id = ANY (array[7])"));
            assertEquals("select array[?+]", pg("SELECT ARRAY[[1, 2], [3, 4]]"));
            assertEquals("select array[a, b]", pg("SELECT ARRAY[a, b]"));
        }

        @Test
        void valuesKeepTheFirstRowAndMarkTheOthers() {
            assertAll3(
                    "insert into t(a, b) values (?, ?), ...",
                    "INSERT INTO t (a, b) VALUES (1, 'x'), (2, 'y'), (3, 'z')");
            assertAll3("insert into t(a, b) values (?, ?), ...", "INSERT INTO t (a, b) VALUES (1, 'x'), (2, 'y')");
            assertAll3("insert into t(a, b) values (?, ?)", "INSERT INTO t (a, b) VALUES (1, 'x')");
            assertAll3(
                    "insert into t(a, b) values (?, now()), ...",
                    "INSERT INTO t (a, b) VALUES (?, now()), (?, now()), (?, DEFAULT)");
            assertAll3("insert into t values (?, (?)), ...", "INSERT INTO t VALUES (1, (2)), ((3), (4))");
        }

        @Test
        void valuesRowsInOtherPlaces() {
            assertEquals(
                    "select * from (values (?, ?), ...) as v(id, name)",
                    pg("SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS v (id, name)"));
            assertEquals("values (?), ...", pg("VALUES (1), (2), (3)"));
            assertEquals("insert into t values row(?, ?), ...", my("INSERT INTO t VALUES ROW(1, 2), ROW(3, 4)"));
            assertEquals(
                    "insert into t(a) values (?), ... on duplicate key update a = values (a), b = values (b) + ?",
                    my("INSERT INTO t (a) VALUES (1), (2) ON DUPLICATE KEY UPDATE a = VALUES(a), b = VALUES(b) + 1"));
        }

        @Test
        void repeatedUnionBranchesCollapse() {
            String expected = "select a from t where id = ? union all ...";
            assertAll3(expected, "SELECT a FROM t WHERE id = 1 UNION ALL SELECT a FROM t WHERE id = 2");
            assertAll3(
                    expected,
                    "SELECT a FROM t WHERE id = 1 UNION ALL SELECT a FROM t WHERE id = 2 UNION ALL SELECT a FROM t WHERE id = 3");
            assertAll3("select a from t where id = ?", "SELECT a FROM t WHERE id = 1");
            assertAll3(
                    "select a from t where id = ? union ...",
                    "SELECT a FROM t WHERE id = 1 UNION SELECT a FROM t WHERE id = 2");
            assertAll3(
                    "(select a from t) union ...", "(SELECT a FROM t) UNION (SELECT a FROM t) UNION (SELECT a FROM t)");
        }

        @Test
        void differentUnionBranchesStay() {
            assertAll3("select a from t union all select a from u", "SELECT a FROM t UNION ALL SELECT a FROM u");
            assertAll3(
                    "select a from t union all ... union all select b from t union all ...",
                    "SELECT a FROM t UNION ALL SELECT a FROM t UNION ALL SELECT b FROM t UNION ALL SELECT b FROM t");
            assertAll3(
                    "select a from t union all ... union select a from t",
                    "SELECT a FROM t UNION ALL SELECT a FROM t UNION SELECT a FROM t");
            assertAll3("select a from t intersect select a from t", "SELECT a FROM t INTERSECT SELECT a FROM t");
            assertAll3(
                    "select a from t union select a from t order by a",
                    "SELECT a FROM t UNION SELECT a FROM t ORDER BY a");
        }

        @Test
        void unionsCollapseAtEveryDepth() {
            assertAll3(
                    "select * from (select ? union all ...) x where y in (select b from u union ...)",
                    "SELECT * FROM (SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3) x WHERE y IN (SELECT b FROM u UNION SELECT b FROM u)");
        }

        @Test
        void limitAndOffsetFormsAreOne() {
            String expected = "select * from t order by a limit ?";
            assertAll3(expected, "SELECT * FROM t ORDER BY a LIMIT 10");
            assertAll3(expected, "SELECT * FROM t ORDER BY a LIMIT 10, 20");
            assertAll3(expected, "SELECT * FROM t ORDER BY a LIMIT 10 OFFSET 20");
            assertAll3(expected, "SELECT * FROM t ORDER BY a LIMIT ? OFFSET ?");
            assertAll3("select * from t order by a offset ?", "SELECT * FROM t ORDER BY a OFFSET 5");
        }

        @Test
        void ascIsTheDefaultAndDropped() {
            assertAll3("select * from t order by a, b desc", "SELECT * FROM t ORDER BY a ASC, b DESC");
            assertAll3("select * from t order by a, b desc", "SELECT * FROM t ORDER BY a, b DESC");
        }
    }

    @Nested
    class CaseSpacingAndIdentifiers {

        @Test
        void unquotedWordsAreLowerCased() {
            assertAll3("select id, name from users where id = ?", "SeLeCt ID, Name FROM USERS where Id = 1");
            assertAll3("select ä from ü", "SELECT ä FROM ü");
            assertAll3("select Ä from t", "SELECT Ä FROM t"); // only ASCII folds, as in PostgreSQL
        }

        @Test
        void quotedIdentifiersKeepTheirCase() {
            assertEquals("select \"Id\" from \"Users\"", pg("SELECT \"Id\" FROM \"Users\""));
            assertEquals("select `Id` from `Users`", my("SELECT `Id` FROM `Users`"));
            assertNotEquals(pg("SELECT \"Id\" FROM t"), pg("SELECT \"id\" FROM t"));
        }

        @Test
        void plainQuotedIdentifiersLoseTheirQuotes() {
            assertEquals("select users.id from users", pg("SELECT \"users\".\"id\" FROM \"users\""));
            assertEquals("select users.id from users", my("SELECT `users`.`id` FROM `users`"));
            assertEquals(pg("SELECT users.id FROM users"), pg("SELECT \"users\".\"id\" FROM \"users\""));
        }

        @Test
        void quotedReservedWordsAndOddNamesKeepTheirQuotes() {
            assertEquals(
                    "select \"order\", \"my col\", \"a\"\"b\" from t",
                    pg("SELECT \"order\", \"my col\", \"a\"\"b\" FROM t"));
            assertEquals("select `order`, `my col`, `a``b` from t", my("SELECT `order`, `my col`, `a``b` FROM t"));
            assertEquals("select \"\" from t", pg("SELECT \"\" FROM t"));
        }

        @Test
        void whitespaceIsCanonical() {
            String expected = "select a, b from t where a = ? and b <> ?";
            assertAll3(expected, "SELECT a,b FROM t WHERE a=1 AND b<>2");
            assertAll3(expected, "  SELECT\ta ,\n b\r\nFROM   t\fWHERE a = 1\n\n  AND b <> 2  ");
            assertAll3(expected, "SELECT\u00A0a, b FROM t WHERE a = 1 AND b <> 2");
        }

        @Test
        void parenthesesFollowFunctionsButNotClauseKeywords() {
            assertAll3(
                    "select count(*), coalesce(a, ?) from t where exists (select ?) and b in (select c from u)",
                    "SELECT COUNT (*), coalesce( a , 0 ) FROM t WHERE EXISTS(SELECT 1) AND b IN(SELECT c FROM u)");
            assertAll3("select t.*, u.a from t, u", "SELECT t . * , u. a FROM t , u");
        }

        @Test
        void trailingSemicolonsAreDroppedButSeparatorsKept() {
            assertAll3("select ?", "SELECT 1;");
            assertAll3("select ?", "SELECT 1 ; ; ");
            assertAll3("begin; update t set a = ?; commit", "BEGIN; UPDATE t SET a = 1; COMMIT;");
        }

        @Test
        void commentOnlyTextHasAnEmptyFingerprint() {
            assertAll3("", "-- nothing here");
            assertAll3("", " ; /* x */ ;");
        }
    }

    @Nested
    class StatementsAndCulprits {

        private NormalizedQuery summary(String sql) {
            return SqlNormalizer.normalize(sql, Dialect.GENERIC);
        }

        private void assertSummary(String statement, String culprit, String sql) {
            NormalizedQuery query = summary(sql);
            assertEquals(statement, query.statement(), sql);
            assertEquals(culprit, query.culprit(), sql);
        }

        @Test
        void theVerbAndFirstTableOfEachKind() {
            assertSummary("select", "select users", "SELECT * FROM users WHERE id = 1");
            assertSummary(
                    "select",
                    "select public.users",
                    "select (select max(id) from other) from public.users u join x on true");
            assertSummary("insert", "insert orders", "INSERT INTO orders (a) VALUES (1)");
            assertSummary("insert", "insert tags", "INSERT IGNORE INTO tags (name) VALUES ('x')");
            assertSummary("insert", "replace cache", "REPLACE INTO cache VALUES (1, 2)");
            assertSummary("update", "update accounts", "UPDATE LOW_PRIORITY accounts SET a = 1");
            assertSummary("update", "update \"Accounts\"", "UPDATE ONLY \"Accounts\" SET a = 1");
            assertSummary("delete", "delete sessions", "DELETE FROM sessions WHERE id = 1");
            assertSummary("delete", "delete t1", "DELETE t1 FROM t1 JOIN t2 ON t1.id = t2.id");
        }

        @Test
        void theMainStatementOfACommonTableExpression() {
            assertSummary("select", "select x", "WITH x AS (SELECT * FROM a) SELECT * FROM x");
            assertSummary(
                    "insert",
                    "insert archive",
                    "WITH moved AS (DELETE FROM e RETURNING *) INSERT INTO archive SELECT * FROM moved");
            assertSummary(
                    "select",
                    "select tree",
                    "WITH RECURSIVE tree(id) AS (SELECT 1 UNION ALL SELECT id + 1 FROM tree) SELECT * FROM tree");
            assertSummary("other", "with", "WITH x AS (SELECT 1)");
        }

        @Test
        void selectsWithoutATableAndOtherStatements() {
            assertSummary("select", "select", "SELECT 1");
            assertSummary("select", "select", "SELECT * FROM (SELECT 1) x");
            assertSummary("select", "select t", "(SELECT a FROM t) UNION (SELECT a FROM u)");
            assertSummary("other", "call refresh_stats", "CALL refresh_stats(1, 2)");
            assertSummary("other", "set", "SET NAMES utf8mb4");
            assertSummary("other", "begin", "BEGIN");
            assertSummary("other", "explain", "EXPLAIN SELECT * FROM t");
            assertSummary("other", "values", "VALUES (1)");
            assertSummary("other", null, "-- only a comment");
            assertSummary("other", null, "? = 1");
        }

        @Test
        void onlyTheFirstStatementCounts() {
            assertSummary("update", "update t", "UPDATE t SET a = 1; DELETE FROM u");
        }

        @Test
        void aLeadingHintOrParenthesisIsSkipped() {
            assertSummary("select", "select t", "/*+ SeqScan(t) */ SELECT * FROM t");
            assertSummary("select", "select t", "((SELECT * FROM t))");
            assertNull(summary("").culprit());
        }
    }

    @Nested
    class RealisticStatements {

        @Test
        void hibernateAndEclipseLink() {
            assertEquals(
                    "select customer0_.id as id1_0_, customer0_.email as email2_0_ from customer customer0_ where customer0_.email = ? and customer0_.active = ?",
                    pg(
                            "select customer0_.id as id1_0_, customer0_.email as email2_0_ from customer customer0_ where customer0_.email=? and customer0_.active=?"));
            assertEquals(
                    "select u1_0.id, u1_0.name from users u1_0 where u1_0.id in (?+) order by u1_0.name offset ? rows fetch first ? rows only",
                    pg(
                            "select u1_0.id,u1_0.name from users u1_0 where u1_0.id in (?,?,?) order by u1_0.name offset ? rows fetch first ? rows only"));
            assertEquals(
                    "select t0.id, t0.total from orders t0, customer t1 where ((t1.id = ?) and (t1.id = t0.customer_id))",
                    pg(
                            "SELECT t0.ID, t0.TOTAL FROM ORDERS t0, CUSTOMER t1 WHERE ((t1.ID = ?) AND (t1.ID = t0.CUSTOMER_ID))"));
        }

        @Test
        void pgbench() {
            assertEquals(
                    "update pgbench_accounts set abalance = abalance + ? where aid = ?",
                    pg("UPDATE pgbench_accounts SET abalance = abalance + -4185 WHERE aid = 80914;"));
            assertEquals(
                    pg("UPDATE pgbench_accounts SET abalance = abalance + -4185 WHERE aid = 80914;"),
                    pg("UPDATE pgbench_accounts SET abalance = abalance + 2231 WHERE aid = 5;"));
            assertEquals(
                    "insert into pgbench_history(tid, bid, aid, delta, mtime) values (?, ?, ?, ?, current_timestamp)",
                    pg(
                            "INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (7, 1, 80914, -4185, CURRENT_TIMESTAMP);"));
        }

        @Test
        void reportingWithCtesAndWindowFunctions() {
            String sql = """
                    WITH monthly AS (
                      SELECT date_trunc('month', created_at) AS month, sum(total) AS revenue
                      FROM orders WHERE created_at >= '2026-01-01' GROUP BY 1
                    )
                    SELECT month, revenue,
                           rank() OVER (ORDER BY revenue DESC) AS rnk,
                           sum(revenue) OVER (ORDER BY month ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)
                    FROM monthly WHERE revenue > 1000 ORDER BY month ASC;
                    """;
            assertEquals(
                    "with monthly as (select date_trunc(?, created_at) as month, sum(total) as revenue from orders "
                            + "where created_at >= ? group by ?) select month, revenue, rank() over (order by revenue desc) as rnk, "
                            + "sum(revenue) over (order by month rows between ? preceding and current row) from monthly "
                            + "where revenue > ? order by month",
                    pg(sql));
        }

        @Test
        void mysqlSpecificSyntax() {
            assertEquals(
                    "select id from users where email = ? limit ?",
                    my("SELECT `id` FROM `users` WHERE `email` = \"a@b.c\" LIMIT 10, 20 # paging"));
            assertEquals(
                    "insert into page_views(page_id, views) values (?, ?) on duplicate key update views = views + ?",
                    my(
                            "INSERT INTO page_views (page_id, views) VALUES (7, 1) ON DUPLICATE KEY UPDATE views = views + 1"));
            assertEquals(
                    "select @@version, @rank := @rank + ? from t", my("SELECT @@version, @rank := @rank + 1 FROM t"));
            assertEquals("select doc ->> ? from docs", my("SELECT doc->>'$.name' FROM docs"));
        }

        @Test
        void postgresqlSpecificSyntax() {
            assertEquals(
                    "select id from events where payload ->> ? = ? and payload @> ?::jsonb and tags && array[?+]",
                    pg(
                            "SELECT id FROM events WHERE payload->>'type' = 'signup' AND payload @> '{\"a\": 1}'::jsonb AND tags && ARRAY['x', 'y']"));
            assertEquals(
                    "insert into inventory(sku, qty) values (?, ?) on conflict (sku) do update set qty = inventory.qty + excluded.qty",
                    pg(
                            "INSERT INTO inventory (sku, qty) VALUES ('A-1', 5) ON CONFLICT (sku) DO UPDATE SET qty = inventory.qty + EXCLUDED.qty"));
            assertEquals(
                    "select * from t where tsv @@ to_tsquery(?) and a <@ b",
                    pg("SELECT * FROM t WHERE tsv @@ to_tsquery('x') AND a <@ b"));
        }

        @Test
        void theSameStatementFromBothEnginesHasOneFingerprint() {
            String sql = "SELECT id, name FROM users WHERE id IN (1, 2) AND name LIKE 'a%' ORDER BY name LIMIT 10";
            assertEquals(pg(sql), my(sql));
            assertEquals(pg(sql), any(sql));
        }
    }

    /**
     * Inputs built to defeat a backtracking or recursive normaliser. The timeout only guards
     * against a hang; it is not a speed target. Every dialect's result is checked: the same where
     * the input has no dialect-specific syntax, and never more than twice as long as the input.
     */
    @Nested
    class PathologicalInput {

        private static final Duration HANG_GUARD = Duration.ofSeconds(10);
        private static final int MB = 1 << 20;

        /** The fingerprints of one input in each dialect. */
        private record Fingerprints(String pg, String my, String any) {

            /** The one fingerprint of every dialect. */
            String same() {
                assertShort(pg, my);
                assertShort(pg, any);
                return pg;
            }
        }

        private Fingerprints normalizeAll(Supplier<String> input) {
            String sql = input.get();
            Fingerprints result =
                    assertTimeoutPreemptively(HANG_GUARD, () -> new Fingerprints(pg(sql), my(sql), any(sql)));
            for (String fingerprint : List.of(result.pg(), result.my(), result.any())) {
                assertTrue(
                        fingerprint.length() <= 2 * sql.length(),
                        () -> "a fingerprint of " + fingerprint.length() + " chars for " + sql.length()
                                + " chars of input");
            }
            return result;
        }

        /** assertEquals without a megabyte-long failure message. */
        private static void assertShort(String expected, String actual) {
            assertTrue(
                    expected.equals(actual),
                    () -> "expected <" + shorten(expected) + "> but was <" + shorten(actual) + "> (" + actual.length()
                            + " chars)");
        }

        private static String shorten(String text) {
            return text.length() > 300 ? text.substring(0, 300) + "..." : text;
        }

        private static String repeat(String unit, int length) {
            return unit.repeat(Math.max(1, length / unit.length()));
        }

        @Test
        void aOneMegabyteStatement() {
            String result = normalizeAll(() -> {
                        StringBuilder sql = new StringBuilder("SELECT * FROM t WHERE a = 1");
                        int i = 0;
                        while (sql.length() < MB - 100) {
                            sql.append(" OR (b")
                                    .append(i % 97)
                                    .append(" = 'value ")
                                    .append(i++)
                                    .append("' AND c >= -")
                                    .append(i)
                                    .append(".5)");
                        }
                        return sql.toString();
                    })
                    .same();
            assertTrue(
                    result.startsWith("select * from t where a = ? or (b0 = ? and c >= ?) or (b1 = ?"),
                    result.substring(0, 80));
            assertTrue(result.endsWith(" = ? and c >= ?)"), () -> result.substring(result.length() - 80));
        }

        @Test
        void aHundredThousandElementInList() {
            String result = normalizeAll(() -> {
                        StringJoiner list = new StringJoiner(", ", "SELECT * FROM t WHERE id IN (", ") AND x = 1");
                        for (int i = 0; i < 100_000; i++) {
                            list.add(Integer.toString(i * 7919));
                        }
                        return list.toString();
                    })
                    .same();
            assertShort("select * from t where id in (?+) and x = ?", result);
        }

        @Test
        void aHundredThousandRowInsertAndUnion() {
            assertShort(
                    "insert into t(a, b) values (?, ?), ...",
                    normalizeAll(() -> "INSERT INTO t (a, b) VALUES " + repeat("(1, 'x'), ", 1_000_000) + "(2, 'y')")
                            .same());
            assertShort(
                    "select ? union all ...",
                    normalizeAll(() -> "SELECT 1" + repeat(" UNION ALL SELECT 1", MB))
                            .same());
        }

        @Test
        void unterminatedStringsCommentsAndIdentifiers() {
            assertShort(
                    "select ?",
                    normalizeAll(() -> "SELECT '" + repeat("it''s ", MB)).same());
            assertShort(
                    "select ?", assertTimeoutPreemptively(HANG_GUARD, () -> my("SELECT '" + repeat("it\\'s ", MB))));
            assertShort(
                    "select", normalizeAll(() -> "SELECT -- " + "x".repeat(MB)).same());

            // PostgreSQL nests block comments, so the first is never closed; MySQL's end at the first */
            Fingerprints comments = normalizeAll(() -> "SELECT /* " + repeat("/* a */ b ", MB));
            assertShort("select", comments.pg());
            assertShort("select" + " b".repeat(MB / 10), comments.my());
            assertShort(comments.my(), comments.any());

            // $$ opens a string except in MySQL, where $ is a character of names
            Fingerprints dollars = normalizeAll(() -> "SELECT $$" + repeat("$ $a ", MB));
            assertShort("select ?", dollars.pg());
            assertShort("select ?", dollars.any());
            assertTrue(dollars.my().startsWith("select $$$ $a $ $a"), () -> shorten(dollars.my()));

            // double quotes: an identifier, kept quoted for its odd name; in MySQL a string
            Fingerprints quoted = normalizeAll(() -> "SELECT \"" + "x\"\"".repeat(MB / 3));
            assertTrue(quoted.pg().startsWith("select \"x\"\"x"), () -> shorten(quoted.pg()));
            assertShort(quoted.pg(), quoted.any());
            assertShort("select ?", quoted.my());
        }

        @Test
        void aLongDollarTagThatAlmostMatchesEverywhere() {
            String tag = "$" + "a".repeat(1000) + "$";
            Fingerprints result = normalizeAll(() -> "SELECT " + tag + repeat("$" + "a".repeat(999) + " ", MB));
            assertShort("select ?", result.pg());
            assertShort("select ?", result.any());
            assertTrue(result.my().startsWith("select $aaaa"), () -> shorten(result.my()));
        }

        @Test
        void aHundredThousandNestedParentheses() {
            int depth = 100_000;
            assertShort(
                    "select " + "(".repeat(depth) + "?" + ")".repeat(depth),
                    normalizeAll(() -> "SELECT " + "(".repeat(depth) + "1" + ")".repeat(depth))
                            .same());
            assertShort(
                    "select * from t where a in " + "(".repeat(depth) + "?",
                    normalizeAll(() -> "SELECT * FROM t WHERE a IN " + "(".repeat(depth) + "1")
                            .same());
            assertShort(
                    "select" + ")".repeat(depth) + " union select ?",
                    normalizeAll(() -> "SELECT " + ")".repeat(depth) + " UNION SELECT 1")
                            .same());
            String unions =
                    normalizeAll(() -> repeat("(SELECT 1 UNION SELECT 1 ", MB)).same();
            assertTrue(
                    unions.startsWith("(select ? union select ? (select ? union select ? (select ?"),
                    () -> shorten(unions));
            assertShort(
                    "insert into t values (values (?), ...",
                    normalizeAll(() -> "INSERT INTO t VALUES " + repeat("(VALUES (1), (", MB))
                            .same());
        }

        @Test
        void longRunsOfOperatorsAndPunctuation() {
            // a run of operators stays one operator; a sign before a number belongs to it
            assertShort(
                    "select ? + " + "-+".repeat(MB / 2 - 1) + "-",
                    normalizeAll(() -> "SELECT 1 " + repeat("+-", MB)).same());
            assertShort(
                    "select ? - " + "+-".repeat(MB / 2 - 1) + "?",
                    normalizeAll(() -> "SELECT 1 " + repeat("-+", MB) + "1").same());
            assertShort("", normalizeAll(() -> repeat(";", MB)).same());
            assertShort(
                    String.join(" ", java.util.Collections.nCopies(MB, "?")),
                    normalizeAll(() -> repeat("?", MB)).same());
            assertShort(
                    "?::".repeat(MB / 4), normalizeAll(() -> repeat(":a::", MB)).same());
            assertShort("", normalizeAll(() -> repeat("/*!", MB)).same()); // a comment never closed runs to the end
            assertShort(
                    "in (?, ?, x) ".repeat(MB / 13).trim(),
                    normalizeAll(() -> repeat("IN (1, 2, x) ", MB)).same());
            assertShort(
                    "limit ?, ".repeat(MB / 9).trim(),
                    normalizeAll(() -> repeat("LIMIT 1, ", MB)).same());

            // $1 is a placeholder, then $$ quotes a string, except in MySQL
            Fingerprints dollars = normalizeAll(() -> repeat("$1$", MB));
            assertTrue(dollars.pg().startsWith("? ? 1$$1$$"), () -> shorten(dollars.pg()));
            assertShort(dollars.pg(), dollars.any());
            assertTrue(dollars.my().startsWith("? $$1$$1$$"), () -> shorten(dollars.my()));

            // backslashes escape quotes in MySQL strings only
            Fingerprints escapes = normalizeAll(() -> "\u0000\uFFFF\uD800" + repeat("\\'`\"", MB));
            assertTrue(escapes.pg().startsWith("\uFFFF\uD800 \\ ? `\"\\'` \"\\'`\" \\ ?"), () -> shorten(escapes.pg()));
            assertShort("\uFFFF\uD800 \\ ?", escapes.my());
            assertShort(escapes.my(), escapes.any());
        }
    }
}
