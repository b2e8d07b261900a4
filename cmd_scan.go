package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"strings"
	"text/tabwriter"
	"time"

	"steward/assets/termtext"
	"steward/discovery"
)

func init() {
	register(command{name: "scan", summary: "find devices on the local network (mDNS/DNS-SD)", run: runScan})
}

// scanLine is one service instance in `steward scan --json` output.
type scanLine struct {
	Instance string   `json:"instance"`
	Type     string   `json:"type"`
	Host     string   `json:"host"`
	Port     uint16   `json:"port"`
	TXT      []string `json:"txt"`
	IPv4     []string `json:"ipv4"`
	IPv6     []string `json:"ipv6"`
	Device   string   `json:"device"`
	Class    string   `json:"class"`
	Vendor   string   `json:"vendor"`
	Model    string   `json:"model"`
	AtMS     int64    `json:"at_ms"`
}

func runScan(ctx context.Context, args []string) error {
	fs := newFlagSet("scan", "Usage: steward scan [--timeout D] [--interface NAME] [--quiet D] [--json]\n")
	timeout := fs.Duration("timeout", discovery.DefaultTimeout, "stop after this long at the latest")
	var ifaces stringList
	fs.Var(&ifaces, "interface", "scan only this interface (repeatable)")
	asJSON := fs.Bool("json", false, "one JSON object per service instance and line")
	quiet := fs.Duration("quiet", discovery.DefaultQuiet, "end once the network has been quiet this long (0: never, run to --timeout)")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("unexpected argument %q", rest[0])
	}
	if *timeout <= 0 {
		return usagef("--timeout must be positive, got %v", *timeout)
	}
	opts := discovery.Options{Interfaces: ifaces, Timeout: *timeout, Quiet: *quiet}
	if *quiet == 0 {
		opts.Quiet = -1
	}
	res, err := discovery.Scan(ctx, opts)
	if err != nil && res == nil {
		return err
	}
	for _, w := range res.Warnings {
		fmt.Fprintln(stderr, "steward scan: warning:", w)
	}
	if *asJSON {
		if werr := writeScanJSON(stdout, res); werr != nil {
			return werr
		}
	} else {
		writeScanTable(stdout, res)
	}
	if err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return nil
}

func addrStrings(as []netip.Addr) []string {
	out := make([]string, 0, len(as))
	for _, a := range as {
		out = append(out, a.String())
	}
	return out
}

func writeScanJSON(w io.Writer, res *discovery.Result) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, d := range res.Devices {
		for _, in := range d.Services {
			at := in.Resolved
			if at == 0 {
				at = in.At
			}
			txt := in.TXT
			if txt == nil {
				txt = []string{}
			}
			line := scanLine{
				Instance: in.Name, Type: in.Type, Host: in.Host, Port: in.Port, TXT: txt,
				IPv4: addrStrings(in.IPv4), IPv6: addrStrings(in.IPv6),
				Device: d.ID, Class: string(d.Class), Vendor: d.Vendor, Model: d.Model,
				AtMS: at.Milliseconds(),
			}
			if err := enc.Encode(line); err != nil {
				return err
			}
		}
	}
	return nil
}

func writeScanTable(w io.Writer, res *discovery.Result) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "CLASS\tNAME\tHOST\tADDRESSES\tVENDOR / MODEL\tSERVICES")
	for _, d := range res.Devices {
		addrs := append(addrStrings(d.IPv4), addrStrings(d.IPv6)...)
		vm := strings.TrimSpace(d.Vendor + " " + d.Model)
		if d.OS != "" {
			vm = strings.TrimSpace(vm + " (" + d.OS + ")")
		}
		var svcs []string
		for _, s := range d.Services {
			svcs = append(svcs, fmt.Sprintf("%s:%d", strings.TrimPrefix(strings.TrimSuffix(s.Type, "._tcp"), "_"), s.Port))
		}
		cells := []string{string(d.Class), d.Name, d.HostName, strings.Join(addrs, " "), vm, strings.Join(svcs, " ")}
		for i, c := range cells {
			cells[i] = termtext.Escape(c) // a tab or newline in a name would break the table
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	tw.Flush()
	fmt.Fprintf(w, "\n%s, %s on %s in %v (%s).\n", countOf(len(res.Devices), "device", "devices"), countOf(len(res.Instances), "service", "services"),
		strings.Join(res.Interfaces, ", "), res.Duration.Round(time.Millisecond), res.Stats.EndReason)
}

// stringList is a repeatable string flag.
type stringList []string

func (s *stringList) String() string { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error {
	if v == "" {
		return errors.New("empty interface name")
	}
	*s = append(*s, v)
	return nil
}
