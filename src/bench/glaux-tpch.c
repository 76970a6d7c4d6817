/* glaux-tpch.c
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "glaux-tpch"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "glaux-tpch-resources.h"
#include "glaux-tpch.h"

/* The generator follows the TPC-H specification (revision 3), clause 4.2.3: the schema of
 * clause 1.4, the cardinalities of clause 4.2.5, the key rules (sparse order keys, customers
 * whose key is a multiple of 3 have no orders, four suppliers per part), the vocabularies of
 * clause 4.2.2.13 (drawn uniformly here, the spec weights a few lists) and the text grammar of
 * 4.2.2.10. Random numbers come from our own splitmix64 so a seed gives the same data on every
 * machine and GLib version; each table has its own stream. */

#define GENERATOR_VERSION "glaux-tpch 1"
#define TEXT_POOL_SIZE    (256 * 1024)

/* STARTDATE and ENDDATE; CURRENTDATE is 1995-06-17. */
#define START_DATE_YEAR   1992
#define END_DATE_YEAR     1998

typedef struct
{
  guint64 state;
} Rng;

static guint64
rng_next (Rng *rng)
{
  guint64 z = (rng->state += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

static void
rng_init (Rng     *rng,
          guint64  seed,
          guint    stream)
{
  rng->state = seed * G_GUINT64_CONSTANT (6364136223846793005) + stream;
  rng_next (rng);
}

/* Uniform in [low, high]. */
static gint64
rng_range (Rng    *rng,
           gint64  low,
           gint64  high)
{
  return low + (gint64)(rng_next (rng) % (guint64)(high - low + 1));
}

static const char *
rng_pick (Rng                *rng,
          const char * const *words,
          gsize               n_words)
{
  return words[rng_range (rng, 0, n_words - 1)];
}

#define PICK(rng, list) rng_pick ((rng), (list), G_N_ELEMENTS (list))

/* Vocabularies (clause 4.2.2.13) */

static const char * const region_names[] = {
  "AFRICA", "AMERICA", "ASIA", "EUROPE", "MIDDLE EAST",
};

static const struct
{
  const char *name;
  int         region;
} nations[] = {
  { "ALGERIA", 0 }, { "ARGENTINA", 1 }, { "BRAZIL", 1 }, { "CANADA", 1 }, { "EGYPT", 4 },
  { "ETHIOPIA", 0 }, { "FRANCE", 3 }, { "GERMANY", 3 }, { "INDIA", 2 }, { "INDONESIA", 2 },
  { "IRAN", 4 }, { "IRAQ", 4 }, { "JAPAN", 2 }, { "JORDAN", 4 }, { "KENYA", 0 },
  { "MOROCCO", 0 }, { "MOZAMBIQUE", 0 }, { "PERU", 1 }, { "CHINA", 2 }, { "ROMANIA", 3 },
  { "SAUDI ARABIA", 4 }, { "VIETNAM", 2 }, { "RUSSIA", 3 }, { "UNITED KINGDOM", 3 },
  { "UNITED STATES", 1 },
};

static const char * const colours[] = {
  "almond", "antique", "aquamarine", "azure", "beige", "bisque", "black", "blanched", "blue",
  "blush", "brown", "burlywood", "burnished", "chartreuse", "chiffon", "chocolate", "coral",
  "cornflower", "cornsilk", "cream", "cyan", "dark", "deep", "dim", "dodger", "drab",
  "firebrick", "floral", "forest", "frosted", "gainsboro", "ghost", "goldenrod", "green", "grey",
  "honeydew", "hot", "indian", "ivory", "khaki", "lace", "lavender", "lawn", "lemon", "light",
  "lime", "linen", "magenta", "maroon", "medium", "metallic", "midnight", "mint", "misty",
  "moccasin", "navajo", "navy", "olive", "orange", "orchid", "pale", "papaya", "peach", "peru",
  "pink", "plum", "powder", "puff", "purple", "red", "rose", "rosy", "royal", "saddle", "salmon",
  "sandy", "seashell", "sienna", "sky", "slate", "smoke", "snow", "spring", "steel", "tan",
  "thistle", "tomato", "turquoise", "violet", "wheat", "white", "yellow",
};

static const char * const type_s1[] = { "STANDARD", "SMALL", "MEDIUM", "LARGE", "ECONOMY", "PROMO" };
static const char * const type_s2[] = { "ANODIZED", "BURNISHED", "PLATED", "POLISHED", "BRUSHED" };
static const char * const type_s3[] = { "TIN", "NICKEL", "BRASS", "STEEL", "COPPER" };
static const char * const container_s1[] = { "SM", "LG", "MED", "JUMBO", "WRAP" };
static const char * const container_s2[] = {
  "CASE", "BOX", "BAG", "JAR", "PKG", "PACK", "CAN", "DRUM",
};
static const char * const segments[] = {
  "AUTOMOBILE", "BUILDING", "FURNITURE", "MACHINERY", "HOUSEHOLD",
};
static const char * const priorities[] = {
  "1-URGENT", "2-HIGH", "3-MEDIUM", "4-NOT SPECIFIED", "5-LOW",
};
static const char * const instructions[] = {
  "DELIVER IN PERSON", "COLLECT COD", "NONE", "TAKE BACK RETURN",
};
static const char * const modes[] = { "REG AIR", "AIR", "RAIL", "SHIP", "TRUCK", "MAIL", "FOB" };

/* The text grammar's word lists (clause 4.2.2.13). */
static const char * const nouns[] = {
  "foxes", "ideas", "theodolites", "pinto beans", "instructions", "dependencies", "excuses",
  "platelets", "asymptotes", "courts", "dolphins", "multipliers", "sauternes", "warthogs",
  "frets", "dinos", "attainments", "somas", "Tiresias", "patterns", "forges", "braids",
  "hockey players", "frays", "warhorses", "dugouts", "notornis", "epitaphs", "pearls", "tithes",
  "waters", "orbits", "gifts", "sheaves", "depths", "sentiments", "decoys", "realms", "pains",
  "grouches", "escapades", "packages", "requests", "accounts", "deposits",
};
static const char * const verbs[] = {
  "sleep", "wake", "are", "cajole", "haggle", "nag", "use", "boost", "affix", "detect",
  "integrate", "maintain", "nod", "was", "lose", "sublate", "solve", "thrash", "promise",
  "engage", "hinder", "print", "x-ray", "breach", "eat", "grow", "impress", "mold", "poach",
  "serve", "run", "dazzle", "snooze", "doze", "unwind", "kindle", "play", "hang", "believe",
  "doubt",
};
static const char * const adjectives[] = {
  "furious", "sly", "careful", "blithe", "quick", "fluffy", "slow", "quiet", "ruthless", "thin",
  "close", "dogged", "daring", "brave", "stealthy", "permanent", "enticing", "idle", "busy",
  "regular", "final", "ironic", "even", "bold", "silent", "special", "pending", "unusual",
  "express",
};
static const char * const adverbs[] = {
  "sometimes", "always", "never", "furiously", "slyly", "carefully", "blithely", "quickly",
  "fluffily", "slowly", "quietly", "ruthlessly", "thinly", "closely", "doggedly", "daringly",
  "bravely", "stealthily", "permanently", "enticingly", "idly", "busily", "regularly",
  "finally", "ironically", "evenly", "boldly", "silently",
};
static const char * const prepositions[] = {
  "about", "above", "according to", "across", "after", "against", "along", "alongside of",
  "among", "around", "at", "atop", "before", "behind", "beneath", "beside", "besides",
  "between", "beyond", "by", "despite", "during", "except", "for", "from", "in place of",
  "inside", "instead of", "into", "near", "of", "on", "outside", "over", "past", "since",
  "through", "throughout", "to", "toward", "under", "until", "up", "upon", "without", "with",
  "within",
};
static const char * const auxiliaries[] = {
  "do", "may", "might", "shall", "will", "would", "can", "could", "should", "ought to", "must",
  "will have to", "shall have to", "could have to", "should have to", "must have to",
  "need to", "try to",
};
static const char * const terminators[] = { ".", ";", ":", "?", "!", "--" };

static const char * const table_names[] = {
  "region", "nation", "supplier", "customer", "part", "partsupp", "orders", "lineitem", NULL,
};

/* Clause 4.2.2.10: noun phrase, verb phrase, optional prepositional phrase, terminator. */
static void
append_noun_phrase (GString *text,
                    Rng     *rng)
{
  switch (rng_range (rng, 0, 3))
    {
    case 0:
      break;
    case 1:
      g_string_append_printf (text, "%s ", PICK (rng, adjectives));
      break;
    case 2:
      g_string_append_printf (text, "%s, %s ", PICK (rng, adjectives), PICK (rng, adjectives));
      break;
    default:
      g_string_append_printf (text, "%s %s ", PICK (rng, adverbs), PICK (rng, adjectives));
      break;
    }
  g_string_append (text, PICK (rng, nouns));
}

static void
append_verb_phrase (GString *text,
                    Rng     *rng)
{
  switch (rng_range (rng, 0, 3))
    {
    case 0:
      g_string_append (text, PICK (rng, verbs));
      break;
    case 1:
      g_string_append_printf (text, "%s %s", PICK (rng, auxiliaries), PICK (rng, verbs));
      break;
    case 2:
      g_string_append_printf (text, "%s %s", PICK (rng, verbs), PICK (rng, adverbs));
      break;
    default:
      g_string_append_printf (text, "%s %s %s", PICK (rng, auxiliaries), PICK (rng, verbs),
                              PICK (rng, adverbs));
      break;
    }
}

static char *
make_text_pool (guint64 seed)
{
  GString *text = g_string_sized_new (TEXT_POOL_SIZE + 256);
  Rng rng;

  rng_init (&rng, seed, 100);
  while (text->len < TEXT_POOL_SIZE)
    {
      append_noun_phrase (text, &rng);
      g_string_append_c (text, ' ');
      append_verb_phrase (text, &rng);
      if (rng_range (&rng, 0, 1) == 1)
        {
          g_string_append_printf (text, " %s the ", PICK (&rng, prepositions));
          append_noun_phrase (text, &rng);
        }
      g_string_append_printf (text, "%s ", PICK (&rng, terminators));
    }

  return g_string_free (text, FALSE);
}

/* Generation state */

typedef struct
{
  sqlite3               *db;
  double                 scale_factor;
  guint64                seed;
  char                  *pool;
  gsize                  pool_length;
  GCancellable          *cancellable;
  GlauxTpchProgressFunc  progress;
  gpointer               progress_data;
  gint64                 rows_done;
  gint64                 rows_total;
  gint64                 next_report;
  gint64                 n_suppliers;
  gint64                 n_parts;
  gint64                 n_customers;
  GDate                  start_date;
} Gen;

/* A comment: a slice of the text pool of @min..@max characters (clause 4.2.2.10). */
static char *
random_text (Gen  *gen,
             Rng  *rng,
             int   min,
             int   max)
{
  int length = (int)rng_range (rng, min, max);
  gsize offset = (gsize)rng_range (rng, 0, gen->pool_length - length - 1);
  char *text = g_strndup (gen->pool + offset, length);

  return g_strstrip (text);
}

/* Clause 4.2.2.7: a v-string of random alphanumerics, length @min..@max. */
static char *
random_vstring (Rng *rng,
                int  min,
                int  max)
{
  static const char alphabet[] =
    "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ,.";
  int length = (int)rng_range (rng, min, max);
  char *text = g_malloc (length + 1);

  for (int i = 0; i < length; i++)
    text[i] = alphabet[rng_range (rng, 0, sizeof alphabet - 2)];
  text[length] = '\0';

  return text;
}

/* Clause 4.2.2.9: country code nation + 10, then three random groups. */
static char *
random_phone (Rng    *rng,
              gint64  nation)
{
  return g_strdup_printf ("%02d-%03d-%03d-%04d", (int)nation + 10, (int)rng_range (rng, 100, 999),
                          (int)rng_range (rng, 100, 999), (int)rng_range (rng, 1000, 9999));
}

/* Money in cents → dollars. */
static double
cents (gint64 value)
{
  return (double)value / 100.0;
}

static void
format_date (const GDate *date,
             char         buffer[11])
{
  g_snprintf (buffer, 11, "%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date),
              g_date_get_day (date));
}

static gboolean
check_sqlite (Gen         *gen,
              int          rc,
              const char  *what,
              GError     **error)
{
  if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW)
    return TRUE;

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
               _("Cannot write the TPC-H data (%s): %s"), what, sqlite3_errmsg (gen->db));
  return FALSE;
}

static gboolean
exec_sql (Gen         *gen,
          const char  *sql,
          GError     **error)
{
  return check_sqlite (gen, sqlite3_exec (gen->db, sql, NULL, NULL, NULL), sql, error);
}

/* One row written: counts it, reports progress every 1 % and checks for cancellation. */
static gboolean
row_done (Gen         *gen,
          const char  *table,
          GError     **error)
{
  gen->rows_done++;
  if (gen->rows_done < gen->next_report)
    return TRUE;

  gen->next_report = gen->rows_done + MAX (gen->rows_total / 100, 1);
  if (g_cancellable_set_error_if_cancelled (gen->cancellable, error))
    return FALSE;
  if (gen->progress != NULL)
    gen->progress (MIN ((double)gen->rows_done / gen->rows_total, 1.0), table,
                   gen->progress_data);

  return TRUE;
}

static gboolean
step_insert (Gen           *gen,
             sqlite3_stmt  *stmt,
             const char    *table,
             GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (!check_sqlite (gen, rc, table, error))
    return FALSE;

  return row_done (gen, table, error);
}

static sqlite3_stmt *
prepare (Gen         *gen,
         const char  *sql,
         GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (!check_sqlite (gen, sqlite3_prepare_v2 (gen->db, sql, -1, &stmt, NULL), sql, error))
    return NULL;

  return stmt;
}

static void
bind_text (sqlite3_stmt *stmt,
           int           column,
           const char   *text)
{
  sqlite3_bind_text (stmt, column, text, -1, SQLITE_TRANSIENT);
}

/* Tables */

static const char schema_sql[] =
  "CREATE TABLE region (r_regionkey INTEGER PRIMARY KEY, r_name TEXT NOT NULL,"
  " r_comment TEXT NOT NULL);"
  "CREATE TABLE nation (n_nationkey INTEGER PRIMARY KEY, n_name TEXT NOT NULL,"
  " n_regionkey INTEGER NOT NULL, n_comment TEXT NOT NULL);"
  "CREATE TABLE supplier (s_suppkey INTEGER PRIMARY KEY, s_name TEXT NOT NULL,"
  " s_address TEXT NOT NULL, s_nationkey INTEGER NOT NULL, s_phone TEXT NOT NULL,"
  " s_acctbal REAL NOT NULL, s_comment TEXT NOT NULL);"
  "CREATE TABLE customer (c_custkey INTEGER PRIMARY KEY, c_name TEXT NOT NULL,"
  " c_address TEXT NOT NULL, c_nationkey INTEGER NOT NULL, c_phone TEXT NOT NULL,"
  " c_acctbal REAL NOT NULL, c_mktsegment TEXT NOT NULL, c_comment TEXT NOT NULL);"
  "CREATE TABLE part (p_partkey INTEGER PRIMARY KEY, p_name TEXT NOT NULL,"
  " p_mfgr TEXT NOT NULL, p_brand TEXT NOT NULL, p_type TEXT NOT NULL, p_size INTEGER NOT NULL,"
  " p_container TEXT NOT NULL, p_retailprice REAL NOT NULL, p_comment TEXT NOT NULL);"
  "CREATE TABLE partsupp (ps_partkey INTEGER NOT NULL, ps_suppkey INTEGER NOT NULL,"
  " ps_availqty INTEGER NOT NULL, ps_supplycost REAL NOT NULL, ps_comment TEXT NOT NULL,"
  " PRIMARY KEY (ps_partkey, ps_suppkey));"
  "CREATE TABLE orders (o_orderkey INTEGER PRIMARY KEY, o_custkey INTEGER NOT NULL,"
  " o_orderstatus TEXT NOT NULL, o_totalprice REAL NOT NULL, o_orderdate TEXT NOT NULL,"
  " o_orderpriority TEXT NOT NULL, o_clerk TEXT NOT NULL, o_shippriority INTEGER NOT NULL,"
  " o_comment TEXT NOT NULL);"
  "CREATE TABLE lineitem (l_orderkey INTEGER NOT NULL, l_partkey INTEGER NOT NULL,"
  " l_suppkey INTEGER NOT NULL, l_linenumber INTEGER NOT NULL, l_quantity REAL NOT NULL,"
  " l_extendedprice REAL NOT NULL, l_discount REAL NOT NULL, l_tax REAL NOT NULL,"
  " l_returnflag TEXT NOT NULL, l_linestatus TEXT NOT NULL, l_shipdate TEXT NOT NULL,"
  " l_commitdate TEXT NOT NULL, l_receiptdate TEXT NOT NULL, l_shipinstruct TEXT NOT NULL,"
  " l_shipmode TEXT NOT NULL, l_comment TEXT NOT NULL, PRIMARY KEY (l_orderkey, l_linenumber));";

/* What the 22 queries filter and join on, beyond the primary keys. */
static const char index_sql[] =
  "CREATE INDEX nation_regionkey ON nation (n_regionkey);"
  "CREATE INDEX supplier_nationkey ON supplier (s_nationkey);"
  "CREATE INDEX customer_nationkey ON customer (c_nationkey);"
  "CREATE INDEX partsupp_suppkey ON partsupp (ps_suppkey);"
  "CREATE INDEX orders_custkey ON orders (o_custkey);"
  "CREATE INDEX orders_orderdate ON orders (o_orderdate);"
  "CREATE INDEX lineitem_partkey ON lineitem (l_partkey, l_suppkey);"
  "CREATE INDEX lineitem_suppkey ON lineitem (l_suppkey);"
  "CREATE INDEX lineitem_shipdate ON lineitem (l_shipdate);"
  "ANALYZE;";

static const char drop_sql[] =
  "DROP TABLE IF EXISTS lineitem; DROP TABLE IF EXISTS orders; DROP TABLE IF EXISTS partsupp;"
  "DROP TABLE IF EXISTS part; DROP TABLE IF EXISTS customer; DROP TABLE IF EXISTS supplier;"
  "DROP TABLE IF EXISTS nation; DROP TABLE IF EXISTS region;"
  "DROP TABLE IF EXISTS glaux_tpch_meta;";

static gboolean
gen_region_nation (Gen     *gen,
                   GError **error)
{
  sqlite3_stmt *region = NULL;
  sqlite3_stmt *nation = NULL;
  gboolean ok = FALSE;
  Rng rng;

  rng_init (&rng, gen->seed, 1);
  if ((region = prepare (gen, "INSERT INTO region VALUES (?, ?, ?)", error)) == NULL
      || (nation = prepare (gen, "INSERT INTO nation VALUES (?, ?, ?, ?)", error)) == NULL)
    goto out;

  for (guint i = 0; i < G_N_ELEMENTS (region_names); i++)
    {
      g_autofree char *comment = random_text (gen, &rng, 31, 115);

      sqlite3_bind_int (region, 1, i);
      bind_text (region, 2, region_names[i]);
      bind_text (region, 3, comment);
      if (!step_insert (gen, region, "region", error))
        goto out;
    }
  for (guint i = 0; i < G_N_ELEMENTS (nations); i++)
    {
      g_autofree char *comment = random_text (gen, &rng, 31, 114);

      sqlite3_bind_int (nation, 1, i);
      bind_text (nation, 2, nations[i].name);
      sqlite3_bind_int (nation, 3, nations[i].region);
      bind_text (nation, 4, comment);
      if (!step_insert (gen, nation, "nation", error))
        goto out;
    }
  ok = TRUE;

out:
  sqlite3_finalize (region);
  sqlite3_finalize (nation);
  return ok;
}

/* Clause 4.2.3: SF × 5 suppliers complain and SF × 5 recommend (Q16 looks for the former). */
static char *
supplier_comment (Gen    *gen,
                  Rng    *rng,
                  gint64  key,
                  gint64  complain_every)
{
  g_autofree char *comment = random_text (gen, rng, 25, 100);
  const char *insert;
  gsize at;

  if (key % complain_every == 7 % complain_every)
    insert = "Customer Complaints";
  else if (key % complain_every == 13 % complain_every)
    insert = "Customer Recommends";
  else
    return g_steal_pointer (&comment);

  at = (gsize)rng_range (rng, 0, strlen (comment) / 2);
  return g_strdup_printf ("%.*s%s%s", (int)at, comment, insert, comment + at);
}

static gboolean
gen_supplier (Gen     *gen,
              GError **error)
{
  sqlite3_stmt *stmt = prepare (gen, "INSERT INTO supplier VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  /* 10,000 per SF and 5 per SF of each kind: one in 2,000, and still one at the small SFs. */
  gint64 complain_every = 2000;
  gboolean ok = FALSE;
  Rng rng;

  if (stmt == NULL)
    return FALSE;

  rng_init (&rng, gen->seed, 2);
  for (gint64 key = 1; key <= gen->n_suppliers; key++)
    {
      g_autofree char *name = g_strdup_printf ("Supplier#%09" G_GINT64_FORMAT, key);
      g_autofree char *address = random_vstring (&rng, 10, 40);
      gint64 nation = rng_range (&rng, 0, 24);
      g_autofree char *phone = random_phone (&rng, nation);
      g_autofree char *comment = NULL;
      gint64 acctbal = rng_range (&rng, -99999, 999999);

      comment = supplier_comment (gen, &rng, key, complain_every);
      sqlite3_bind_int64 (stmt, 1, key);
      bind_text (stmt, 2, name);
      bind_text (stmt, 3, address);
      sqlite3_bind_int64 (stmt, 4, nation);
      bind_text (stmt, 5, phone);
      sqlite3_bind_double (stmt, 6, cents (acctbal));
      bind_text (stmt, 7, comment);
      if (!step_insert (gen, stmt, "supplier", error))
        goto out;
    }
  ok = TRUE;

out:
  sqlite3_finalize (stmt);
  return ok;
}

static gboolean
gen_customer (Gen     *gen,
              GError **error)
{
  sqlite3_stmt *stmt = prepare (gen, "INSERT INTO customer VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                error);
  gboolean ok = FALSE;
  Rng rng;

  if (stmt == NULL)
    return FALSE;

  rng_init (&rng, gen->seed, 3);
  for (gint64 key = 1; key <= gen->n_customers; key++)
    {
      g_autofree char *name = g_strdup_printf ("Customer#%09" G_GINT64_FORMAT, key);
      g_autofree char *address = random_vstring (&rng, 10, 40);
      gint64 nation = rng_range (&rng, 0, 24);
      g_autofree char *phone = random_phone (&rng, nation);
      gint64 acctbal = rng_range (&rng, -99999, 999999);
      const char *segment = PICK (&rng, segments);
      g_autofree char *comment = random_text (gen, &rng, 29, 116);

      sqlite3_bind_int64 (stmt, 1, key);
      bind_text (stmt, 2, name);
      bind_text (stmt, 3, address);
      sqlite3_bind_int64 (stmt, 4, nation);
      bind_text (stmt, 5, phone);
      sqlite3_bind_double (stmt, 6, cents (acctbal));
      bind_text (stmt, 7, segment);
      bind_text (stmt, 8, comment);
      if (!step_insert (gen, stmt, "customer", error))
        goto out;
    }
  ok = TRUE;

out:
  sqlite3_finalize (stmt);
  return ok;
}

/* Clause 4.2.3: (90000 + ((key / 10) mod 20001) + 100 × (key mod 1000)) / 100. */
static gint64
retail_price_cents (gint64 partkey)
{
  return 90000 + ((partkey / 10) % 20001) + 100 * (partkey % 1000);
}

/* The @i-th (0..3) supplier of a part (clause 4.2.3, PS_SUPPKEY). */
static gint64
part_supplier (Gen    *gen,
               gint64  partkey,
               gint64  i)
{
  gint64 s = gen->n_suppliers;

  return (partkey + (i * ((s / 4) + (partkey - 1) / s))) % s + 1;
}

static char *
part_name (Rng *rng)
{
  const char *words[5];
  guint n = 0;

  /* Five distinct colour words. */
  while (n < 5)
    {
      const char *word = PICK (rng, colours);
      gboolean seen = FALSE;

      for (guint i = 0; i < n; i++)
        seen = seen || words[i] == word;
      if (!seen)
        words[n++] = word;
    }

  return g_strdup_printf ("%s %s %s %s %s", words[0], words[1], words[2], words[3], words[4]);
}

static gboolean
gen_part (Gen     *gen,
          GError **error)
{
  sqlite3_stmt *part = prepare (gen, "INSERT INTO part VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                error);
  sqlite3_stmt *partsupp = NULL;
  gboolean ok = FALSE;
  Rng rng;

  if (part == NULL
      || (partsupp = prepare (gen, "INSERT INTO partsupp VALUES (?, ?, ?, ?, ?)", error)) == NULL)
    goto out;

  rng_init (&rng, gen->seed, 4);
  for (gint64 key = 1; key <= gen->n_parts; key++)
    {
      g_autofree char *name = part_name (&rng);
      int m = (int)rng_range (&rng, 1, 5);
      g_autofree char *mfgr = g_strdup_printf ("Manufacturer#%d", m);
      g_autofree char *brand = g_strdup_printf ("Brand#%d%d", m, (int)rng_range (&rng, 1, 5));
      g_autofree char *type = g_strdup_printf ("%s %s %s", PICK (&rng, type_s1),
                                               PICK (&rng, type_s2), PICK (&rng, type_s3));
      gint64 size = rng_range (&rng, 1, 50);
      g_autofree char *container = g_strdup_printf ("%s %s", PICK (&rng, container_s1),
                                                    PICK (&rng, container_s2));
      g_autofree char *comment = random_text (gen, &rng, 5, 22);

      sqlite3_bind_int64 (part, 1, key);
      bind_text (part, 2, name);
      bind_text (part, 3, mfgr);
      bind_text (part, 4, brand);
      bind_text (part, 5, type);
      sqlite3_bind_int64 (part, 6, size);
      bind_text (part, 7, container);
      sqlite3_bind_double (part, 8, cents (retail_price_cents (key)));
      bind_text (part, 9, comment);
      if (!step_insert (gen, part, "part", error))
        goto out;

      for (gint64 i = 0; i < 4; i++)
        {
          g_autofree char *ps_comment = random_text (gen, &rng, 49, 198);

          sqlite3_bind_int64 (partsupp, 1, key);
          sqlite3_bind_int64 (partsupp, 2, part_supplier (gen, key, i));
          sqlite3_bind_int64 (partsupp, 3, rng_range (&rng, 1, 9999));
          sqlite3_bind_double (partsupp, 4, cents (rng_range (&rng, 100, 100000)));
          bind_text (partsupp, 5, ps_comment);
          if (!step_insert (gen, partsupp, "partsupp", error))
            goto out;
        }
    }
  ok = TRUE;

out:
  sqlite3_finalize (part);
  sqlite3_finalize (partsupp);
  return ok;
}

/* Orders and their line items together: the order's status and total come from its lines. */
static gboolean
gen_orders (Gen     *gen,
            GError **error)
{
  sqlite3_stmt *orders = prepare (gen, "INSERT INTO orders VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                  error);
  sqlite3_stmt *lineitem = NULL;
  gint64 n_orders = (gint64)llround (gen->scale_factor * 1500000);
  gint64 n_clerks = MAX ((gint64)llround (gen->scale_factor * 1000), 1);
  guint32 current_julian;
  guint32 start_julian = g_date_get_julian (&gen->start_date);
  guint32 end_julian;
  gboolean ok = FALSE;
  GDate current;
  Rng rng;

  if (orders == NULL
      || (lineitem = prepare (gen, "INSERT INTO lineitem VALUES"
                              " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error)) == NULL)
    goto out;

  g_date_clear (&current, 1);
  g_date_set_dmy (&current, 17, G_DATE_JUNE, 1995);
  current_julian = g_date_get_julian (&current);
  g_date_set_dmy (&current, 31, G_DATE_DECEMBER, END_DATE_YEAR);
  end_julian = g_date_get_julian (&current);
  rng_init (&rng, gen->seed, 5);

  for (gint64 i = 0; i < n_orders; i++)
    {
      /* Sparse keys: the first 8 of every 32 (clause 4.2.3, O_ORDERKEY). */
      gint64 orderkey = (i / 8) * 32 + (i % 8) + 1;
      gint64 custkey;
      /* STARTDATE .. ENDDATE - 151 days. */
      guint32 order_julian = start_julian + (guint32)rng_range (&rng, 0, end_julian - 151
                                                                        - start_julian);
      int n_lines = (int)rng_range (&rng, 1, 7);
      int n_open = 0;
      gint64 total_cents = 0;
      g_autofree char *clerk = NULL;
      g_autofree char *comment = NULL;
      const char *priority = PICK (&rng, priorities);
      char order_date[11];
      GDate date;

      /* Customers whose key is a multiple of 3 place no orders. */
      do
        custkey = rng_range (&rng, 1, gen->n_customers);
      while (custkey % 3 == 0);

      g_date_clear (&date, 1);
      g_date_set_julian (&date, order_julian);
      format_date (&date, order_date);

      for (int line = 1; line <= n_lines; line++)
        {
          gint64 partkey = rng_range (&rng, 1, gen->n_parts);
          gint64 suppkey = part_supplier (gen, partkey, rng_range (&rng, 0, 3));
          gint64 quantity = rng_range (&rng, 1, 50);
          gint64 extended = quantity * retail_price_cents (partkey);
          gint64 discount = rng_range (&rng, 0, 10);
          gint64 tax = rng_range (&rng, 0, 8);
          guint32 ship_julian = order_julian + (guint32)rng_range (&rng, 1, 121);
          guint32 commit_julian = order_julian + (guint32)rng_range (&rng, 30, 90);
          guint32 receipt_julian = ship_julian + (guint32)rng_range (&rng, 1, 30);
          const char *returnflag;
          const char *linestatus;
          g_autofree char *line_comment = random_text (gen, &rng, 10, 43);
          char ship[11], commit[11], receipt[11];

          if (receipt_julian <= current_julian)
            returnflag = rng_range (&rng, 0, 1) == 0 ? "R" : "A";
          else
            returnflag = "N";
          linestatus = ship_julian > current_julian ? "O" : "F";
          n_open += linestatus[0] == 'O';

          g_date_set_julian (&date, ship_julian);
          format_date (&date, ship);
          g_date_set_julian (&date, commit_julian);
          format_date (&date, commit);
          g_date_set_julian (&date, receipt_julian);
          format_date (&date, receipt);

          /* In cents × 10,000: extended × (1 + tax) × (1 - discount), rounded to cents. */
          total_cents += (extended * (100 + tax) * (100 - discount) + 5000) / 10000;

          sqlite3_bind_int64 (lineitem, 1, orderkey);
          sqlite3_bind_int64 (lineitem, 2, partkey);
          sqlite3_bind_int64 (lineitem, 3, suppkey);
          sqlite3_bind_int (lineitem, 4, line);
          sqlite3_bind_double (lineitem, 5, (double)quantity);
          sqlite3_bind_double (lineitem, 6, cents (extended));
          sqlite3_bind_double (lineitem, 7, (double)discount / 100.0);
          sqlite3_bind_double (lineitem, 8, (double)tax / 100.0);
          bind_text (lineitem, 9, returnflag);
          bind_text (lineitem, 10, linestatus);
          bind_text (lineitem, 11, ship);
          bind_text (lineitem, 12, commit);
          bind_text (lineitem, 13, receipt);
          bind_text (lineitem, 14, PICK (&rng, instructions));
          bind_text (lineitem, 15, PICK (&rng, modes));
          bind_text (lineitem, 16, line_comment);
          if (!step_insert (gen, lineitem, "lineitem", error))
            goto out;
        }

      clerk = g_strdup_printf ("Clerk#%09" G_GINT64_FORMAT, rng_range (&rng, 1, n_clerks));
      comment = random_text (gen, &rng, 19, 78);
      sqlite3_bind_int64 (orders, 1, orderkey);
      sqlite3_bind_int64 (orders, 2, custkey);
      bind_text (orders, 3, n_open == n_lines ? "O" : n_open == 0 ? "F" : "P");
      sqlite3_bind_double (orders, 4, cents (total_cents));
      bind_text (orders, 5, order_date);
      bind_text (orders, 6, priority);
      bind_text (orders, 7, clerk);
      sqlite3_bind_int (orders, 8, 0);
      bind_text (orders, 9, comment);
      if (!step_insert (gen, orders, "orders", error))
        goto out;
    }
  ok = TRUE;

out:
  sqlite3_finalize (orders);
  sqlite3_finalize (lineitem);
  return ok;
}

/* Meta table */

static gboolean
write_meta (Gen     *gen,
            GError **error)
{
  char sf[G_ASCII_DTOSTR_BUF_SIZE];
  char *sql;
  gboolean ok;

  g_ascii_formatd (sf, sizeof sf, "%g", gen->scale_factor);
  sql = sqlite3_mprintf ("CREATE TABLE glaux_tpch_meta (key TEXT PRIMARY KEY, value TEXT);"
                         "INSERT INTO glaux_tpch_meta VALUES ('scale_factor', %Q),"
                         " ('seed', '%llu'), ('generator', %Q);",
                         sf, (unsigned long long)gen->seed, GENERATOR_VERSION);
  ok = exec_sql (gen, sql, error);
  sqlite3_free (sql);

  return ok;
}

/* The scale factor and seed loaded, from the meta table; FALSE when there is none. */
static gboolean
read_meta (sqlite3 *db,
           double  *scale_factor,
           guint64 *seed)
{
  sqlite3_stmt *stmt = NULL;
  gboolean found_sf = FALSE;

  if (sqlite3_prepare_v2 (db, "SELECT key, value FROM glaux_tpch_meta", -1, &stmt, NULL)
      != SQLITE_OK)
    return FALSE;

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *key = (const char *)sqlite3_column_text (stmt, 0);
      const char *value = (const char *)sqlite3_column_text (stmt, 1);

      if (key == NULL || value == NULL)
        continue;
      if (g_str_equal (key, "scale_factor"))
        {
          *scale_factor = g_ascii_strtod (value, NULL);
          found_sf = TRUE;
        }
      else if (g_str_equal (key, "seed") && seed != NULL)
        *seed = g_ascii_strtoull (value, NULL, 10);
    }
  sqlite3_finalize (stmt);

  return found_sf;
}

static sqlite3 *
open_db (const char  *db_path,
         GError     **error)
{
  sqlite3 *db = NULL;

  if (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
                       | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Cannot open the catalog database “%s”: %s"), db_path,
                   db != NULL ? sqlite3_errmsg (db) : g_strerror (ENOMEM));
      sqlite3_close (db);
      return NULL;
    }
  /* glaux-local's calculations may hold the catalog for a moment. */
  sqlite3_busy_timeout (db, 10000);

  return db;
}

/* Public API */

const char * const *
glaux_tpch_get_table_names (void)
{
  return table_names;
}

gboolean
glaux_tpch_is_supported_scale_factor (double scale_factor)
{
  return fabs (scale_factor - 0.01) < 1e-9 || fabs (scale_factor - 0.1) < 1e-9;
}

gint64
glaux_tpch_get_table_cardinality (const char *table,
                                  double      scale_factor)
{
  static const struct
  {
    const char *table;
    double      per_sf;
    gboolean    fixed;
  } cardinalities[] = {
    { "region", 5, TRUE }, { "nation", 25, TRUE }, { "supplier", 10000, FALSE },
    { "customer", 150000, FALSE }, { "part", 200000, FALSE }, { "partsupp", 800000, FALSE },
    { "orders", 1500000, FALSE }, { "lineitem", 6000000, FALSE },
  };

  g_return_val_if_fail (table != NULL, 0);

  for (guint i = 0; i < G_N_ELEMENTS (cardinalities); i++)
    {
      if (!g_str_equal (table, cardinalities[i].table))
        continue;
      if (cardinalities[i].fixed)
        return (gint64)cardinalities[i].per_sf;
      return (gint64)llround (cardinalities[i].per_sf * scale_factor);
    }

  return 0;
}

static gboolean
generate (Gen     *gen,
          GError **error)
{
  /* Progress counts lineitem as its expected size. */
  gen->rows_total = 0;
  for (guint i = 0; table_names[i] != NULL; i++)
    gen->rows_total += glaux_tpch_get_table_cardinality (table_names[i], gen->scale_factor);

  return exec_sql (gen, drop_sql, error)
         && exec_sql (gen, schema_sql, error)
         && gen_region_nation (gen, error)
         && gen_supplier (gen, error)
         && gen_customer (gen, error)
         && gen_part (gen, error)
         && gen_orders (gen, error)
         && exec_sql (gen, index_sql, error)
         && write_meta (gen, error);
}

gboolean
glaux_tpch_load (const char             *db_path,
                 double                  scale_factor,
                 guint64                 seed,
                 GCancellable           *cancellable,
                 GlauxTpchProgressFunc   progress,
                 gpointer                progress_data,
                 gboolean               *loaded,
                 GError                **error)
{
  g_autofree char *pool = NULL;
  double loaded_sf = 0;
  guint64 loaded_seed = 0;
  Gen gen = { 0 };
  gboolean ok;

  g_return_val_if_fail (db_path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (loaded != NULL)
    *loaded = FALSE;
  if (!glaux_tpch_is_supported_scale_factor (scale_factor))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("TPC-H scale factor %g is not supported; choose 0.01 or 0.1"), scale_factor);
      return FALSE;
    }

  if ((gen.db = open_db (db_path, error)) == NULL)
    return FALSE;

  if (read_meta (gen.db, &loaded_sf, &loaded_seed)
      && fabs (loaded_sf - scale_factor) < 1e-9 && loaded_seed == seed)
    {
      sqlite3_close (gen.db);
      if (progress != NULL)
        progress (1.0, "lineitem", progress_data);
      return TRUE;
    }

  gen.scale_factor = scale_factor;
  gen.seed = seed;
  gen.cancellable = cancellable;
  gen.progress = progress;
  gen.progress_data = progress_data;
  gen.n_suppliers = (gint64)llround (scale_factor * 10000);
  gen.n_parts = (gint64)llround (scale_factor * 200000);
  gen.n_customers = (gint64)llround (scale_factor * 150000);
  g_date_clear (&gen.start_date, 1);
  g_date_set_dmy (&gen.start_date, 1, G_DATE_JANUARY, START_DATE_YEAR);
  pool = make_text_pool (seed);
  gen.pool = pool;
  gen.pool_length = strlen (pool);

  /* One transaction: a failure or a cancel leaves the database as it was. */
  ok = exec_sql (&gen, "BEGIN IMMEDIATE", error);
  if (ok && generate (&gen, error))
    ok = exec_sql (&gen, "COMMIT", error);
  else if (ok)
    {
      sqlite3_exec (gen.db, "ROLLBACK", NULL, NULL, NULL);
      ok = FALSE;
    }
  sqlite3_close (gen.db);

  if (ok && loaded != NULL)
    *loaded = TRUE;
  if (ok && progress != NULL)
    progress (1.0, "lineitem", progress_data);

  return ok;
}

double
glaux_tpch_get_loaded_scale_factor (const char  *db_path,
                                    GError     **error)
{
  double scale_factor = 0;
  sqlite3 *db;

  g_return_val_if_fail (db_path != NULL, 0);

  if (!g_file_test (db_path, G_FILE_TEST_EXISTS))
    return 0;
  if ((db = open_db (db_path, error)) == NULL)
    return 0;
  if (!read_meta (db, &scale_factor, NULL))
    scale_factor = 0;
  sqlite3_close (db);

  return scale_factor;
}

/* Asynchronous load */

typedef struct
{
  char                  *db_path;
  double                 scale_factor;
  GMainContext          *context;
  GlauxTpchProgressFunc  progress;
  gpointer               progress_data;
  GDestroyNotify         progress_data_free;
} LoadData;

static void
load_data_free (LoadData *data)
{
  if (data->progress_data_free != NULL)
    data->progress_data_free (data->progress_data);
  g_main_context_unref (data->context);
  g_free (data->db_path);
  g_free (data);
}

typedef struct
{
  GTask *task;
  double fraction;
  char  *table;
} ProgressUpdate;

static void
progress_update_free (ProgressUpdate *update)
{
  g_object_unref (update->task);
  g_free (update->table);
  g_free (update);
}

static gboolean
deliver_progress_cb (gpointer user_data)
{
  ProgressUpdate *update = user_data;
  LoadData *data = g_task_get_task_data (update->task);

  /* Never after the callback. */
  if (!g_task_get_completed (update->task))
    data->progress (update->fraction, update->table, data->progress_data);

  return G_SOURCE_REMOVE;
}

/* Worker thread → the caller's context. */
static void
worker_progress (double      fraction,
                 const char *table,
                 gpointer    user_data)
{
  GTask *task = user_data;
  LoadData *data = g_task_get_task_data (task);
  ProgressUpdate *update;

  if (data->progress == NULL)
    return;

  update = g_new0 (ProgressUpdate, 1);
  update->task = g_object_ref (task);
  update->fraction = fraction;
  update->table = g_strdup (table);
  g_main_context_invoke_full (data->context, G_PRIORITY_DEFAULT, deliver_progress_cb, update,
                              (GDestroyNotify)progress_update_free);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *data = task_data;
  g_autoptr(GError) error = NULL;
  gboolean loaded = FALSE;

  if (!glaux_tpch_load (data->db_path, data->scale_factor, GLAUX_TPCH_DEFAULT_SEED, cancellable,
                        worker_progress, task, &loaded, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_int (task, loaded);
}

void
glaux_tpch_load_async (const char            *db_path,
                       double                 scale_factor,
                       GCancellable          *cancellable,
                       GlauxTpchProgressFunc  progress,
                       gpointer               progress_data,
                       GDestroyNotify         progress_data_free,
                       GAsyncReadyCallback    callback,
                       gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadData *data;

  g_return_if_fail (db_path != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (LoadData, 1);
  data->db_path = g_strdup (db_path);
  data->scale_factor = scale_factor;
  data->context = g_main_context_ref_thread_default ();
  data->progress = progress;
  data->progress_data = progress_data;
  data->progress_data_free = progress_data_free;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, glaux_tpch_load_async);
  g_task_set_task_data (task, data, (GDestroyNotify)load_data_free);
  /* The rollback is the cancel: return only once the thread has finished with the database. */
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, load_thread);
}

gboolean
glaux_tpch_load_finish (GAsyncResult  *result,
                        gboolean      *loaded,
                        GError       **error)
{
  gssize value;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == glaux_tpch_load_async, FALSE);

  value = g_task_propagate_int (G_TASK (result), error);
  if (value < 0)
    return FALSE;
  if (loaded != NULL)
    *loaded = value != 0;

  return TRUE;
}

/* Queries */

const char *
glaux_tpch_get_query (guint number)
{
  static GBytes *queries[GLAUX_TPCH_N_QUERIES];
  static gsize initialized;

  if (number < 1 || number > GLAUX_TPCH_N_QUERIES)
    return NULL;

  if (g_once_init_enter (&initialized))
    {
      for (guint i = 0; i < GLAUX_TPCH_N_QUERIES; i++)
        {
          g_autofree char *path = g_strdup_printf ("%s/bench/tpch/q%u.sql",
                                                   RESOURCE_BASE_PATH, i + 1);

          queries[i] = g_resource_lookup_data (glaux_tpch_get_resource (), path,
                                               G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
          g_assert (queries[i] != NULL);
        }
      g_once_init_leave (&initialized, 1);
    }

  /* Resource data is NUL terminated. */
  return g_bytes_get_data (queries[number - 1], NULL);
}
