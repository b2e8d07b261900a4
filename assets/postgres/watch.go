package postgres

// Live updates (issue 18, "Live"): every statement that changes the
// register appends a row to the change log (table changes, migration 0003)
// and sends a notification on channel steward_changes. Watch listens on a
// connection of its own (pgxlisten), reconnects with a growing delay when
// the connection is lost, and on reconnecting reads the log from the last
// change it saw, so nothing made while it was away is missed.

import (
	"context"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgxlisten"

	"steward/assets"
)

// ChangesChannel is the channel the change log's trigger notifies.
const ChangesChannel = "steward_changes"

// WatchAppName is the application_name of Watch's connection (what an
// administrator sees in pg_stat_activity).
const WatchAppName = "steward watch"

const (
	// maxCatchUp: beyond this many changes missed, a reconnect asks for a
	// reload (ChangeResync) instead of listing them.
	maxCatchUp = 10000
	// holeTTL: how long a change number skipped by the notifications is
	// looked for again at a reconnect. A number is skipped while the
	// transaction that took it is still running (its notification comes at
	// its commit) and forever when it was rolled back.
	holeTTL = 10 * time.Minute
	// maxHoles bounds the numbers remembered as skipped.
	maxHoles = 10000
	// keepLog is how long the log keeps changes (the trigger prunes older
	// ones): a watcher away longer reloads everything.
	keepLog = 7 * 24 * time.Hour
)

// reconnectDelay is the wait before the nth failed attempt's retry:
// none for the first attempt after a loss, then 250 ms doubling to 15 s,
// each ±20 % so that windows do not all knock at once after a restart.
func reconnectDelay(fails int) time.Duration {
	if fails <= 0 {
		return 0
	}
	d := 15 * time.Second
	if fails < 7 {
		d = 250 * time.Millisecond << (fails - 1)
	}
	return time.Duration(float64(d) * (0.8 + 0.4*rand.Float64()))
}

// Watch calls fn for every change anyone makes to the register from now
// until ctx is done, and for every change of its connection's state:
// ChangeConnected once listening (and after each reconnect, once the
// changes made while away were delivered), ChangeLost when the connection
// drops, ChangeResync when changes may have been missed. fn is called from
// one goroutine, in order, and should return quickly (hand the work on).
// Watch returns nil when ctx is done.
func (s *Store) Watch(ctx context.Context, fn func(assets.Change)) (err error) {
	defer assets.Wrap(&err, "postgres.Watch")
	cfg := s.pool.Config().ConnConfig.Copy()
	cfg.RuntimeParams["application_name"] = WatchAppName
	w := &watcher{cfg: cfg, fn: fn, holes: map[int64]time.Time{}}
	l := &pgxlisten.Listener{
		Connect:        w.connect,
		LogError:       w.logError,
		ReconnectDelay: -1, // w.connect waits, growing
	}
	l.Handle(ChangesChannel, w)
	err = l.Listen(ctx)
	if ctx.Err() != nil {
		return nil
	}
	return err
}

// watcher is Watch's state; pgxlisten calls it from one goroutine.
type watcher struct {
	cfg *pgx.ConnConfig
	fn  func(assets.Change)

	connected bool // listening and caught up
	ever      bool // was connected once (last is meaningful)
	lostSaid  bool // ChangeLost was reported for this outage
	lostAt    time.Time
	attempts  int // connection attempts so far
	fails     int // failed attempts since the last success
	lastErr   error

	last  int64               // the highest change number delivered
	holes map[int64]time.Time // numbers below last not delivered yet, since when
	// recent are the numbers the last catch-up delivered: their
	// notifications may still come (sent between LISTEN and the catch-up).
	recent map[int64]bool
}

func (w *watcher) lost(now time.Time) {
	if w.lostSaid {
		return
	}
	w.lostSaid, w.connected, w.lostAt = true, false, now
	w.fn(assets.Change{Kind: assets.ChangeLost, At: now})
}

func (w *watcher) connect(ctx context.Context) (*pgx.Conn, error) {
	if w.connected || (w.attempts > 0 && !w.lostSaid) {
		w.lost(time.Now())
	}
	if w.attempts > 0 {
		t := time.NewTimer(reconnectDelay(w.fails))
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		case <-t.C:
		}
	}
	w.attempts++
	conn, err := pgx.ConnectConfig(ctx, w.cfg)
	if err != nil {
		w.fails++
		if !w.ever {
			w.lost(time.Now())
		}
		return nil, err
	}
	return conn, nil
}

func (w *watcher) logError(_ context.Context, err error) { w.lastErr = err }

// HandleBacklog runs once LISTEN is in place on a new connection: the first
// time it notes where the log is; after a reconnect it delivers what the
// log holds beyond the last change seen (and the skipped numbers).
func (w *watcher) HandleBacklog(ctx context.Context, _ string, conn *pgx.Conn) error {
	now := time.Now()
	if !w.ever {
		if err := conn.QueryRow(ctx, `SELECT coalesce(max(id), 0) FROM changes`).Scan(&w.last); err != nil {
			return err
		}
	} else if err := w.catchUp(ctx, conn, now); err != nil {
		return err
	}
	w.ever, w.connected, w.lostSaid, w.fails = true, true, false, 0
	w.fn(assets.Change{Kind: assets.ChangeConnected, At: now})
	return nil
}

func (w *watcher) catchUp(ctx context.Context, conn *pgx.Conn, now time.Time) error {
	from := w.last
	for id, since := range w.holes {
		if now.Sub(since) > holeTTL {
			delete(w.holes, id)
		} else if id <= from {
			from = id - 1
		}
	}
	w.recent = map[int64]bool{}
	if !w.lostAt.IsZero() && now.Sub(w.lostAt) > keepLog-time.Hour {
		return w.resync(ctx, conn)
	}
	rows, err := conn.Query(ctx, `SELECT id, at, entity, coalesce(entity_id, 0), action, n
		FROM changes WHERE id > $1 ORDER BY id LIMIT $2`, from, maxCatchUp+1)
	if err != nil {
		return err
	}
	var cs []assets.Change
	for rows.Next() {
		c := assets.Change{Kind: assets.ChangeData}
		if err := rows.Scan(&c.Seq, &c.At, &c.Entity, &c.EntityID, &c.Action, &c.Rows); err != nil {
			rows.Close()
			return err
		}
		cs = append(cs, c)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(cs) > maxCatchUp {
		return w.resync(ctx, conn)
	}
	for _, c := range cs {
		if w.take(c.Seq, now) {
			w.recent[c.Seq] = true
			w.fn(c)
		}
	}
	return nil
}

// resync asks for a reload and starts again from the log's end.
func (w *watcher) resync(ctx context.Context, conn *pgx.Conn) error {
	if err := conn.QueryRow(ctx, `SELECT coalesce(max(id), 0) FROM changes`).Scan(&w.last); err != nil {
		return err
	}
	clear(w.holes)
	w.fn(assets.Change{Kind: assets.ChangeResync, At: time.Now()})
	return nil
}

// take tells whether change seq is new (and notes it as seen).
func (w *watcher) take(seq int64, now time.Time) bool {
	if seq > w.last {
		for id := w.last + 1; id < seq && len(w.holes) < maxHoles; id++ {
			w.holes[id] = now
		}
		w.last = seq
		return true
	}
	if _, ok := w.holes[seq]; ok {
		delete(w.holes, seq)
		return true
	}
	return false
}

// HandleNotification delivers one notification: "id entity action
// entity_id n" (entity_id empty when several rows changed).
func (w *watcher) HandleNotification(_ context.Context, n *pgconn.Notification, _ *pgx.Conn) error {
	c, ok := parseChange(n.Payload)
	if !ok {
		return nil
	}
	if w.recent[c.Seq] {
		delete(w.recent, c.Seq)
		return nil
	}
	// Every other notification is delivered, even one below the last
	// number and not among the skipped ones (a transaction that ran longer
	// than holeTTL): duplicates come only from a catch-up (recent).
	w.take(c.Seq, time.Now())
	w.fn(c)
	return nil
}

func parseChange(payload string) (assets.Change, bool) {
	f := strings.Split(payload, " ")
	if len(f) != 5 {
		return assets.Change{}, false
	}
	c := assets.Change{Kind: assets.ChangeData, Entity: f[1], Action: f[2]}
	var err error
	if c.Seq, err = strconv.ParseInt(f[0], 10, 64); err != nil {
		return assets.Change{}, false
	}
	if f[3] != "" {
		if c.EntityID, err = strconv.ParseInt(f[3], 10, 64); err != nil {
			return assets.Change{}, false
		}
	}
	if c.Rows, err = strconv.ParseInt(f[4], 10, 64); err != nil {
		return assets.Change{}, false
	}
	return c, true
}
