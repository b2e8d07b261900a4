package discovery

import (
	"bufio"
	"context"
	"io"
	"net/netip"
	"os"
	"strings"
	"time"
)

// maxSettleGap bounds the pause between two plannings of the scan loop.
const maxSettleGap = 10 * time.Millisecond

// dropCheckEvery spaces the readings of the kernel's drop counts.
const dropCheckEvery = 100 * time.Millisecond

// Scan browses the local network once and returns what it found. It ends
// when the network has gone quiet (see Options.Quiet), at Options.Timeout,
// or when ctx is done (then it returns what it has, with ctx's error).
// Every socket and goroutine it starts is gone when it returns.
func Scan(ctx context.Context, opts Options) (*Result, error) {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	ifaces, err := pickInterfaces(opts.Interfaces, opts.NoIPv4, opts.NoIPv6)
	if err != nil {
		return nil, err
	}
	tr, err := openTransport(ifaces)
	if err != nil {
		return nil, err
	}
	defer tr.close()

	start := time.Now()
	res := &Result{Started: start, Warnings: tr.warn}
	var names []string
	env := Env{Prefixes: map[string][]netip.Prefix{}}
	for _, it := range ifaces {
		names = append(names, it.name)
		env.Prefixes[it.name] = it.prefixes
	}
	res.Interfaces = names
	s := newSession(opts, start, names, tr.l4 != nil || tr.l6 != nil)
	s.begin(start)

	deadline := start.Add(opts.Timeout)
	var kernelDropped int64
	var nextDropCheck time.Time
	var nextSettle time.Time
	timer := time.NewTimer(0)
	defer timer.Stop()
	var ctxErr error
	handle := func(p inPacket) {
		if opts.OnPacket != nil {
			opts.OnPacket(Packet{At: p.at.Sub(start), Interface: p.ifname, From: p.from, Data: p.data})
		}
		s.handle(p.data, p.from, p.ifname, p.at)
	}
loop:
	for {
		// Take everything already waiting before deciding what to ask, so
		// that records which came in the same burst are not asked for.
		for i := 0; i < inboxSize; i++ {
			p, ok := tr.inbox.get()
			if !ok {
				break
			}
			handle(p)
			if i%64 == 63 && !time.Now().Before(deadline) {
				break
			}
		}
		now := time.Now()
		if now.Before(nextSettle) && now.Before(deadline) {
			// Planning looks at every instance: under a flood, packets
			// come one by one and planning after each would leave no time
			// to read them. Packets are taken meanwhile.
			timer.Reset(nextSettle.Sub(now))
			select {
			case <-tr.inbox.ready:
			case <-timer.C:
			case <-ctx.Done():
				ctxErr = ctx.Err()
				s.stats.EndReason = "cancelled"
				break loop
			}
			continue
		}
		if !now.Before(nextDropCheck) {
			// The kernel's count costs a read of /proc: a few times a second.
			kernelDropped = tr.drops.count()
			nextDropCheck = now.Add(dropCheckEvery)
		}
		s.lossy = tr.inbox.dropped.Load() > 0 || kernelDropped > 0
		s.settle(now)
		// The next planning waits for four times what this one cost
		// (nothing on a quiet network, most of the time under a flood),
		// at most maxSettleGap: a planning stretched by a busy machine
		// must not delay the next questions much.
		nextSettle = now.Add(min(4*time.Since(now), maxSettleGap))
		tr.sendAll(s.take(now))
		if s.done(now) {
			s.stats.EndReason = "quiet"
			break
		}
		if !now.Before(deadline) {
			s.stats.EndReason = "timeout"
			break
		}
		wake := s.wake(now)
		if wake.After(deadline) {
			wake = deadline
		}
		timer.Reset(wake.Sub(now))
		select {
		case <-tr.inbox.ready:
		case <-timer.C:
		case <-ctx.Done():
			ctxErr = ctx.Err()
			s.stats.EndReason = "cancelled"
			break loop
		}
	}
	res.Duration = time.Since(start)
	res.Complete = s.complete
	res.Instances = s.instances()
	env.Neighbours = readNeighbours()
	res.Devices = Group(res.Instances, env)
	res.Stats = s.stats
	res.Stats.PacketsDropped += int(tr.inbox.dropped.Load()+tr.drops.count()) + s.cache.dropped
	res.Stats.Records = s.cache.count
	res.Stats.ForgedGoodbyes = s.cache.forged
	return res, ctxErr
}

// readNeighbours reads the kernel's IPv4 neighbour table. It uses the
// calling thread's network namespace (/proc/thread-self), falling back to
// /proc/net/arp; an unreadable table yields nothing.
func readNeighbours() map[netip.Addr]string {
	for _, p := range []string{"/proc/thread-self/net/arp", "/proc/net/arp"} {
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		defer f.Close()
		return parseARP(f)
	}
	return nil
}

// parseARP parses /proc/net/arp: "IP address HW type Flags HW address Mask Device".
func parseARP(r io.Reader) map[netip.Addr]string {
	out := map[netip.Addr]string{}
	sc := bufio.NewScanner(io.LimitReader(r, 1<<20))
	first := true
	for sc.Scan() {
		if first {
			first = false
			continue
		}
		f := strings.Fields(sc.Text())
		if len(f) < 4 || f[2] == "0x0" {
			continue
		}
		ip, err := netip.ParseAddr(f[0])
		if err != nil {
			continue
		}
		if m := normMAC(f[3]); m != "" {
			out[ip] = m
		}
	}
	return out
}
