package discovery

import "net/netip"

// SetReceiveLoss makes the scans that start afterwards drop the received
// packets for which lose reports true, counted as dropped as an overflowing
// inbox counts them: a receive path that cannot keep up, on demand. The
// returned function turns it off.
func SetReceiveLoss(lose func(from netip.AddrPort, data []byte) bool) (restore func()) {
	receiveLoss.Store(&lose)
	return func() { receiveLoss.Store(nil) }
}
