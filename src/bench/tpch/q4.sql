-- TPC-H Q4: order priority checking. SQLite dialect, the specification's validation parameters (DATE = 1993-07-01).
-- Glaux's own generator makes the data, so answers differ from dbgen's answer sets.
SELECT o_orderpriority, count(*) AS order_count
FROM orders
WHERE o_orderdate >= '1993-07-01'
  AND o_orderdate < date('1993-07-01', '+3 months')
  AND EXISTS (SELECT * FROM lineitem
              WHERE l_orderkey = o_orderkey AND l_commitdate < l_receiptdate)
GROUP BY o_orderpriority
ORDER BY o_orderpriority;
