package postgres

import (
	"context"
	"net"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"golang.org/x/sys/unix"
)

// A silent link drop must be noticed within half a minute: the store's
// connections (the pool's, which the listener copies) probe after 10 s of
// quiet, every 5 s, three times, and give up on data unacknowledged for
// 30 s. Go's defaults took 15 s + 9 x 15 s, and nothing bounded the wait
// for an acknowledgement.
func TestConnectionsNoticeADeadLinkSoon(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	cfg, err := pgxpool.ParseConfig("postgres://someone@" + ln.Addr().String() + "/register?connect_timeout=7")
	if err != nil {
		t.Fatal(err)
	}
	setDialer(&cfg.ConnConfig.Config)
	watchCfg := cfg.ConnConfig.Copy() // as Watch makes its own
	for name, dial := range map[string]func(context.Context, string, string) (net.Conn, error){
		"pool": cfg.ConnConfig.DialFunc, "listener": watchCfg.DialFunc,
	} {
		c, err := dial(context.Background(), "tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		raw, err := c.(*net.TCPConn).SyscallConn()
		if err != nil {
			t.Fatal(err)
		}
		want := map[string][2]int{
			"SO_KEEPALIVE":     {unix.SOL_SOCKET, unix.SO_KEEPALIVE},
			"TCP_KEEPIDLE":     {unix.IPPROTO_TCP, unix.TCP_KEEPIDLE},
			"TCP_KEEPINTVL":    {unix.IPPROTO_TCP, unix.TCP_KEEPINTVL},
			"TCP_KEEPCNT":      {unix.IPPROTO_TCP, unix.TCP_KEEPCNT},
			"TCP_USER_TIMEOUT": {unix.IPPROTO_TCP, unix.TCP_USER_TIMEOUT},
		}
		expect := map[string]int{"SO_KEEPALIVE": 1, "TCP_KEEPIDLE": 10, "TCP_KEEPINTVL": 5, "TCP_KEEPCNT": 3, "TCP_USER_TIMEOUT": 30000}
		raw.Control(func(fd uintptr) {
			for opt, lv := range want {
				v, err := unix.GetsockoptInt(int(fd), lv[0], lv[1])
				if err != nil || v != expect[opt] {
					t.Errorf("%s connection: %s = %d (%v), want %d", name, opt, v, err, expect[opt])
				}
			}
		})
		c.Close()
	}
	if cfg.ConnConfig.ConnectTimeout != 7*time.Second {
		t.Errorf("connect_timeout became %v", cfg.ConnConfig.ConnectTimeout)
	}
}
