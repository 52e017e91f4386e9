/* server.h: cfsim's HTTP front end -- the libmicrohttpd daemon and request routing. */
#ifndef CFSIM_SERVER_H
#define CFSIM_SERVER_H

#include <stddef.h>

#include "sim/sim.h"

struct sim_server;

/*
 * Listens on host:port (IPv4 or IPv6 literal, or "localhost"; port 0 picks
 * a free one) and serves sim from its own threads (thread per connection).
 * *port_out receives the bound port. Returns NULL with a message in err.
 */
struct sim_server *server_start(struct sim *sim, const char *host, int port,
				int *port_out, char *err, size_t errlen);
/* Stops accepting, waits for in-flight requests, frees. NULL ok. */
void server_stop(struct sim_server *srv);

#endif
