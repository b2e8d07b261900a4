package postgres

import (
	"net"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// A link that dies without a word (a laptop leaving the Wi-Fi, a VPN
// dropping) is noticed by the operating system only after minutes. Steward's
// connections over TCP ask sooner: keepalive probes after 10 s of quiet,
// every 5 s, three unanswered mean the link is gone; and where the system
// allows it (Linux), data left unacknowledged for 30 s does too (a query
// sent into a dead link). So the window's "connection lost" banner and the
// listener's reconnect come within half a minute. The server still answers
// a long query in its own time: it acknowledges what it was sent at once.
var tcpKeepAlive = net.KeepAliveConfig{Enable: true, Idle: 10 * time.Second, Interval: 5 * time.Second, Count: 3}

// tcpUserTimeout bounds how long sent data may stay unacknowledged.
const tcpUserTimeout = 30 * time.Second

// setDialer makes cfg's connections dial with those settings, within the
// address's connect_timeout (Unix sockets are left as they are: they cannot
// drop silently). The listener's connection copies the pool's.
func setDialer(cfg *pgconn.Config) {
	d := &net.Dialer{Timeout: cfg.ConnectTimeout, KeepAliveConfig: tcpKeepAlive, Control: controlUserTimeout}
	cfg.DialFunc = d.DialContext
}
