-- TPC-H Q6: forecasting revenue change. SQLite dialect, the specification's validation parameters (DATE = 1994-01-01, DISCOUNT = 0.06, QUANTITY = 24).
-- Glaux's own generator makes the data, so answers differ from dbgen's answer sets.
-- The columns are REAL: DISCOUNT ± 0.01 is written out (0.06 + 0.01 would round below 0.07).
SELECT sum(l_extendedprice * l_discount) AS revenue
FROM lineitem
WHERE l_shipdate >= '1994-01-01'
  AND l_shipdate < date('1994-01-01', '+1 year')
  AND l_discount BETWEEN 0.05 AND 0.07
  AND l_quantity < 24;
