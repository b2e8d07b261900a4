//go:build linux

package discovery_test

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"

	"steward/discovery"
	"steward/discovery/internal/netlab"
)

// cpuTime is the CPU time (user+system) this process has used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// avahiBrowse runs `avahi-browse -a -r -t -p` in the scanner namespace and
// returns its wall time and the resolved instances it printed.
func avahiBrowse(tb testing.TB, lan *netlab.LAN, env []string) (time.Duration, map[string]bool) {
	tb.Helper()
	cmd := lan.Scanner.Command("avahi-browse", "-a", "-r", "-t", "-p")
	cmd.Env = env
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	t0 := time.Now()
	if err := cmd.Run(); err != nil {
		tb.Fatalf("avahi-browse: %v\n%s", err, errb.String())
	}
	wall := time.Since(t0)
	got := map[string]bool{}
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		f := strings.Split(sc.Text(), ";")
		// -p prints a type's description ("Internet Printer") where it
		// knows one, so instances are matched by name, host and port.
		if len(f) > 8 && f[0] == "=" {
			got[unescapeAvahi(f[3])+"|"+f[6]+"|"+f[8]] = true
		}
	}
	return wall, got
}

// unescapeAvahi decodes avahi-browse -p's escapes (\DDD decimal, \.).
func unescapeAvahi(s string) string {
	var b []byte
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+3 < len(s) && isDigits(s[i+1:i+4]) {
			b = append(b, byte((s[i+1]-'0')*100+(s[i+2]-'0')*10+(s[i+3]-'0')))
			i += 3
			continue
		}
		if s[i] == '\\' && i+1 < len(s) {
			i++
		}
		b = append(b, s[i])
	}
	return string(b)
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// benchLAN measures, in one run on one LAN: the in-process scan, the
// `steward scan --json` command, and avahi-browse for the ratio.
func benchLAN(b *testing.B, specs []netlab.HostSpec) {
	stewardBinary(b) // build before timing anything
	lan := netlab.New(b)
	var hosts []*netlab.Host
	for _, s := range specs {
		hosts = append(hosts, lan.AddHost(s))
	}
	lan.Start(hosts...)
	ws := expected(b, hosts)
	env, avahiErr := lan.StartScannerAvahi()
	if avahiErr == nil {
		lan.Scanner.WaitAnnounced()
	}

	b.Run("scan", func(b *testing.B) {
		var complete, cpu time.Duration
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			c0 := cpuTime()
			res := scanIn(b, lan, discovery.Options{})
			cpu += cpuTime() - c0
			complete += res.Complete
			if len(res.Instances) != len(ws) {
				b.Fatalf("scan %d found %d of %d instances", i, len(res.Instances), len(ws))
			}
			for _, in := range res.Instances {
				if !in.Complete() {
					b.Fatalf("scan %d: %q (%s) incomplete", i, in.Name, in.Type)
				}
			}
		}
		b.ReportMetric(float64(complete.Microseconds())/float64(b.N)/1000, "complete-ms/op")
		b.ReportMetric(float64(cpu.Microseconds())/float64(b.N)/1000, "cpu-ms/op")
		b.ReportMetric(float64(len(ws)), "instances")
	})

	var cmdWall time.Duration
	b.Run("command", func(b *testing.B) {
		var wall, cpu, complete time.Duration
		var rss int64
		for i := 0; i < b.N; i++ {
			lines, w, st := runCommand(b, lan)
			checkLines(b, lines, ws)
			if b.Failed() {
				b.FailNow()
			}
			wall += w
			cpu += st.UserTime() + st.SystemTime()
			var last int64
			for _, l := range lines {
				last = max(last, l.AtMS)
			}
			complete += time.Duration(last) * time.Millisecond
			if ru, ok := st.SysUsage().(*syscall.Rusage); ok {
				rss = max(rss, ru.Maxrss)
			}
		}
		cmdWall = wall / time.Duration(b.N)
		b.ReportMetric(float64(cmdWall.Microseconds())/1000, "wall-ms/op")
		b.ReportMetric(float64(complete.Microseconds())/float64(b.N)/1000, "complete-ms/op")
		b.ReportMetric(float64(cpu.Microseconds())/float64(b.N)/1000, "cpu-ms/op")
		b.ReportMetric(float64(rss), "peak-rss-KB")
	})

	b.Run("avahi-browse", func(b *testing.B) {
		if avahiErr != nil {
			b.Skipf("no avahi-daemon with D-Bus in the scanner namespace: %v", avahiErr)
		}
		var wall time.Duration
		for i := 0; i < b.N; i++ {
			w, got := avahiBrowse(b, lan, env)
			wall += w
			missing := 0
			for _, x := range ws {
				if !got[fmt.Sprintf("%s|%s|%d", x.name, x.host, x.port)] {
					missing++
				}
			}
			if i == 0 {
				b.ReportMetric(float64(len(ws)-missing), "instances")
			}
		}
		avg := wall / time.Duration(b.N)
		b.ReportMetric(float64(avg.Microseconds())/1000, "wall-ms/op")
		if cmdWall > 0 {
			b.ReportMetric(float64(cmdWall)/float64(avg), "steward/avahi-ratio")
			b.Logf("steward scan %v vs avahi-browse %v: ratio %.3f", cmdWall, avg, float64(cmdWall)/float64(avg))
		}
	})
}

// BenchmarkLANOffice: 5 hosts, 19 instances, quiet LAN.
func BenchmarkLANOffice(b *testing.B) {
	netlab.Require(b)
	benchLAN(b, netlab.Office())
}

// BenchmarkLANBusy: 40 hosts, about 150 instances.
func BenchmarkLANBusy(b *testing.B) {
	netlab.Require(b)
	benchLAN(b, netlab.Busy(40))
}
