/* The IPv4 default gateways of a network namespace, from the text of
 * /proc/net/route (what pause -a reads to announce the pod's address). */
#ifndef DOCKER_POD_ROUTE_H
#define DOCKER_POD_ROUTE_H

#include <stddef.h>
#include <stdint.h>

/* Reads up to max default gateways from the n bytes of text: the lines after
 * the header whose Destination and Mask are 0 and whose Flags have RTF_UP and
 * RTF_GATEWAY; gw[i] is the address as the kernel prints it (network byte
 * order read as a host integer, ready for sin_addr.s_addr). Returns how many
 * were read; a malformed line is skipped. Needs no NUL after the text. */
int route_gateways(const char *text, size_t n, uint32_t *gw, int max);

#endif
