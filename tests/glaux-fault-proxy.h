/* glaux-fault-proxy.h
 *
 * Copyright 2026 The Glaux authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What the proxy did to one request. */
typedef enum
{
  GLAUX_FAULT_NONE,               /* forwarded, answered as glaux-local answered */
  GLAUX_FAULT_HTTP_500,           /* not forwarded: 500 InternalServerException / InternalError */
  GLAUX_FAULT_HTTP_503,           /* not forwarded: 503 ServiceUnavailable */
  GLAUX_FAULT_TOO_MANY_REQUESTS,  /* not forwarded: 400 TooManyRequestsException (S3: 503 SlowDown) */
  GLAUX_FAULT_THROTTLING,         /* not forwarded: 400 ThrottlingException (S3: 503 SlowDown) */
  GLAUX_FAULT_RESET,              /* forwarded, then the connection closed with no response */
  GLAUX_FAULT_RST,                /* not forwarded: TCP reset (SO_LINGER 0) */
  GLAUX_FAULT_STALL,              /* forwarded, then silence until the client gives up */
  GLAUX_FAULT_TRUNCATED,          /* forwarded; Content-Length larger than what is sent, then close */
  GLAUX_FAULT_MALFORMED_JSON,     /* forwarded; 200 with half the body (Athena JSON, S3 listings) */
  GLAUX_FAULT_WRONG_CONTENT_TYPE, /* not forwarded: a text/html error page (Athena: status 200) */
  GLAUX_FAULT_DUPLICATE,          /* forwarded twice (the side effect happens twice), one response */
  GLAUX_N_FAULTS
} GlauxFaultKind;

#define GLAUX_FAULT_ALL_KINDS ((1u << GLAUX_N_FAULTS) - 2) /* every kind but NONE */

/* One Athena start request seen by the proxy (StartSession, StartCalculationExecution). */
typedef struct
{
  char           *target;          /* AmazonAthena.StartSession */
  char           *invocation_id;   /* amz-sdk-invocation-id: one per logical call */
  char           *attempt;         /* amz-sdk-request */
  char           *token;           /* ClientRequestToken, NULL when absent */
  GlauxFaultKind  fault;
} GlauxFaultRecord;

/* A loopback HTTP/1.1 proxy in front of @upstream_url (glaux-local) that injects faults into
 * a share @rate of the requests, drawn from a PRNG seeded with @seed. It runs on its own thread
 * and main context, so the test's main loop stays free; every function may be called from any
 * thread. */
typedef struct _GlauxFaultProxy GlauxFaultProxy;

GlauxFaultProxy *glaux_fault_proxy_new          (const char      *upstream_url,
                                                 guint32          seed,
                                                 double           rate);
void             glaux_fault_proxy_free         (GlauxFaultProxy *proxy);
/* http://127.0.0.1:PORT */
const char      *glaux_fault_proxy_get_url      (GlauxFaultProxy *proxy);
void             glaux_fault_proxy_set_rate     (GlauxFaultProxy *proxy,
                                                 double           rate);
/* A mask of (1 << GlauxFaultKind); GLAUX_FAULT_ALL_KINDS by default. */
void             glaux_fault_proxy_set_kinds    (GlauxFaultProxy *proxy,
                                                 guint            kinds);
/* How long a stalled connection is held before the proxy closes it (0, the default: until the
 * client closes it or the proxy stops). */
void             glaux_fault_proxy_set_stall_ms (GlauxFaultProxy *proxy,
                                                 guint            stall_ms);
guint            glaux_fault_proxy_get_count    (GlauxFaultProxy *proxy,
                                                 GlauxFaultKind   kind);
guint            glaux_fault_proxy_get_requests (GlauxFaultProxy *proxy);
/* Faults injected (every kind but NONE). */
guint            glaux_fault_proxy_get_faults   (GlauxFaultProxy *proxy);
/* (transfer full) (element-type GlauxFaultRecord): a copy of the start requests seen so far. */
GPtrArray       *glaux_fault_proxy_dup_records  (GlauxFaultProxy *proxy);
/* "kind: count" lines, one per kind, then the totals. */
char            *glaux_fault_proxy_format_counts (GlauxFaultProxy *proxy);
const char      *glaux_fault_kind_to_string     (GlauxFaultKind   kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlauxFaultProxy, glaux_fault_proxy_free)

G_END_DECLS
