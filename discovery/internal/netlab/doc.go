// Package netlab builds a small LAN out of Linux network namespaces for
// discovery tests: a switch namespace holding a bridge, one namespace per
// host joined to it by a veth pair, and a real avahi-daemon per host in its
// own mount namespace (private /run and /etc/avahi/services).
//
// Nothing here touches the default network namespace: every link, address
// and packet lives in namespaces the LAN creates and deletes on Close.
//
// It is Linux-only; elsewhere the package is empty and the tests that use
// it are not built.
package netlab
