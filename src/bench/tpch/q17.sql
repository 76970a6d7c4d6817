-- TPC-H Q17: small-quantity-order revenue. SQLite dialect, the specification's validation parameters (BRAND = Brand#23, CONTAINER = MED BOX).
-- Glaux's own generator makes the data, so answers differ from dbgen's answer sets.
SELECT sum(l_extendedprice) / 7.0 AS avg_yearly
FROM lineitem, part
WHERE p_partkey = l_partkey
  AND p_brand = 'Brand#23'
  AND p_container = 'MED BOX'
  AND l_quantity < (SELECT 0.2 * avg(l_quantity) FROM lineitem WHERE l_partkey = p_partkey);
