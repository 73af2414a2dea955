/* The version every program of native/ reports, fixed at build time (make VERSION=x.y). */
#ifndef DOCKER_POD_VERSION_H
#define DOCKER_POD_VERSION_H

#define STR_(x) #x
#define STR(x) STR_(x)
#ifndef VERSION
#define VERSION HEAD
#endif

#endif
