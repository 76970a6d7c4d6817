-- TPC-H Q11: important stock identification. SQLite dialect, the specification's validation parameters (NATION = GERMANY, FRACTION = 0.0001 / SF).
-- Glaux's own generator makes the data, so answers differ from dbgen's answer sets.
-- FRACTION is 0.0001 / SF; SF is the supplier count / 10,000, so one query serves every SF.
SELECT ps_partkey, sum(ps_supplycost * ps_availqty) AS value
FROM partsupp, supplier, nation
WHERE ps_suppkey = s_suppkey
  AND s_nationkey = n_nationkey
  AND n_name = 'GERMANY'
GROUP BY ps_partkey
HAVING sum(ps_supplycost * ps_availqty) >
       (SELECT sum(ps_supplycost * ps_availqty) * 0.0001
               / (SELECT count(*) / 10000.0 FROM supplier)
        FROM partsupp, supplier, nation
        WHERE ps_suppkey = s_suppkey
          AND s_nationkey = n_nationkey
          AND n_name = 'GERMANY')
ORDER BY value DESC;
