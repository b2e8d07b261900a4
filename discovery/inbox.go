package discovery

import (
	"net/netip"
	"sync"
	"sync/atomic"
)

const (
	inboxSize = 4096 // packets waiting for the scan loop; more are dropped
	// perSender bounds the packets waiting from one address, so a flood
	// from a few addresses cannot fill the inbox that honest hosts need.
	perSender = 512
)

// inbox holds received packets for the scan loop, one queue per sender
// address, served in turn: a host that floods us delays only itself, and
// a reply from a quiet host is taken next, however long the flood's
// queue. Readers never block on it; what does not fit is dropped and
// counted.
type inbox struct {
	mu      sync.Mutex
	queues  map[netip.Addr]*senderQueue
	order   []netip.Addr // senders with packets waiting, in service order
	next    int
	total   int
	ready   chan struct{} // a token when packets may be waiting
	dropped atomic.Int64
}

type senderQueue struct{ pkts []inPacket }

func newInbox() *inbox {
	return &inbox{queues: map[netip.Addr]*senderQueue{}, ready: make(chan struct{}, 1)}
}

// put queues p (from a reader goroutine) unless its sender's queue is
// full. When the inbox is full, the sender with the longest queue loses
// its newest packet to make room, if that queue is longer than p's
// sender's: several flooding addresses together cannot fill the inbox
// against a host with little waiting.
func (in *inbox) put(p inPacket) {
	from := p.from.Addr()
	in.mu.Lock()
	q := in.queues[from]
	mine := 0
	if q != nil {
		mine = len(q.pkts)
	}
	if mine >= perSender || (in.total >= inboxSize && !in.dropLongest(mine)) {
		in.mu.Unlock()
		in.dropped.Add(1)
		return
	}
	if q == nil {
		q = &senderQueue{}
		in.queues[from] = q
		in.order = append(in.order, from)
	}
	q.pkts = append(q.pkts, p)
	in.total++
	in.mu.Unlock()
	select {
	case in.ready <- struct{}{}:
	default:
	}
}

// get takes the next packet, one sender after the other.
func (in *inbox) get() (inPacket, bool) {
	in.mu.Lock()
	defer in.mu.Unlock()
	if len(in.order) == 0 {
		return inPacket{}, false
	}
	if in.next >= len(in.order) {
		in.next = 0
	}
	from := in.order[in.next]
	q := in.queues[from]
	p := q.pkts[0]
	q.pkts[0] = inPacket{}
	q.pkts = q.pkts[1:]
	in.total--
	if len(q.pkts) == 0 {
		delete(in.queues, from)
		in.order = append(in.order[:in.next], in.order[in.next+1:]...)
	} else {
		in.next++
	}
	return p, true
}

// dropLongest drops the newest packet of the longest queue if it holds
// more than mine+1 packets (with in.mu held); it reports whether it did.
func (in *inbox) dropLongest(mine int) bool {
	var long *senderQueue
	for _, q := range in.queues {
		if long == nil || len(q.pkts) > len(long.pkts) {
			long = q
		}
	}
	if long == nil || len(long.pkts) <= mine+1 {
		return false
	}
	last := len(long.pkts) - 1
	long.pkts[last] = inPacket{}
	long.pkts = long.pkts[:last]
	in.total--
	in.dropped.Add(1)
	return true
}
