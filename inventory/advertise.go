package inventory

import (
	"net"

	"github.com/grandcat/zeroconf"
)

// Advertise announces the agent as AgentService on the local link by mDNS
// (DNS-SD), with the TXT record from TXT, until the returned stop is
// called. ifaces limits the interfaces; nil means all multicast-capable ones.
//
// This sends multicast packets: tests call it only inside a network
// namespace they made.
func (a *Agent) Advertise(port int, ifaces []net.Interface) (stop func(), err error) {
	instance := "Steward agent on " + a.hostname
	if a.hostname == "" {
		instance = "Steward agent"
	}
	srv, err := zeroconf.Register(instance, AgentService, "local.", port, a.TXT(), ifaces)
	if err != nil {
		return nil, err
	}
	return srv.Shutdown, nil
}
