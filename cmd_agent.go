package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strconv"

	"steward/inventory"
)

func init() {
	register(command{name: "agent", summary: "serve this computer's inventory to Steward on the LAN (headless)", run: runAgent})
}

const agentUsage = `Usage:
  steward agent [--code CODE] [--port N] [--listen ADDR] [--config DIR] [--no-advertise]

Runs headless: serves this computer's inventory report, read-only, over HTTPS
to whoever has the pairing code, and advertises itself on the LAN as
_steward._tcp (mDNS/DNS-SD) so Steward's Discovery screen finds it.

The pairing code is --code, else the one saved in the config directory, else
a new random one (saved for the next start). It is printed once at start.
A code of your own needs at least 8 letters or digits from
23456789ABCDEFGHJKLMNPQRSTUVWXYZ (no 0/O or 1/I, which are easily mistaken);
case, spaces and dashes do not matter. After 20 wrong codes within a minute
the agent judges one code every 3 s; after 100 it accepts no code until it is
restarted.
The certificate is made on first run and kept in the config directory; its
fingerprint is printed at start and advertised, for clients to pin.
`

func runAgent(ctx context.Context, args []string) error {
	fs := newFlagSet("agent", agentUsage)
	code := fs.String("code", "", "pairing `CODE` clients must send (default: from config, else random)")
	port := fs.Int("port", inventory.DefaultAgentPort, "TCP `PORT` to listen on (0 picks a free one)")
	listen := fs.String("listen", "", "`ADDR`ess to listen on (default all interfaces)")
	configDir := fs.String("config", "", "`DIR` for the certificate and pairing code (default the user config dir's Steward/agent)")
	noAdvertise := fs.Bool("no-advertise", false, "do not announce the agent by mDNS")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("unexpected argument %q (see 'steward agent --help')", rest[0])
	}
	if *port < 0 || *port > 65535 {
		return usagef("--port %d is not a TCP port (0-65535)", *port)
	}
	dir := *configDir
	if dir == "" {
		base, err := os.UserConfigDir()
		if err != nil {
			return fmt.Errorf("no config directory (%v); give one with --config DIR", err)
		}
		dir = filepath.Join(base, "Steward", "agent")
	}
	addr := net.JoinHostPort(*listen, strconv.Itoa(*port))
	if host, p, err := net.SplitHostPort(*listen); err == nil {
		// --listen ADDR:PORT wins over --port.
		addr = net.JoinHostPort(host, p)
	}

	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	agent, err := inventory.NewAgent(inventory.AgentOptions{
		ConfigDir: dir,
		Code:      *code,
		Version:   version,
		Logger:    logger,
	})
	if err != nil {
		return err
	}
	serve := func(ctx context.Context) error {
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			return fmt.Errorf("listening on %s: %w", addr, err)
		}
		actualPort := ln.Addr().(*net.TCPAddr).Port
		fmt.Fprintf(stdout, "Steward agent %s on %s: serving https://%s%s\n", version, agent.Hostname(), ln.Addr(), inventory.ReportPath)
		// The one place the code is shown.
		fmt.Fprintf(stdout, "Pairing code: %s (%s)\n", agent.Code(), agent.CodeSource())
		fmt.Fprintf(stdout, "Certificate fingerprint: %s\n", agent.Fingerprint())
		logger.Info("agent started", "addr", ln.Addr().String(), "fingerprint", agent.Fingerprint(), "code_from", agent.CodeSource())
		if *noAdvertise {
			fmt.Fprintln(stdout, "Not advertising on the LAN (--no-advertise).")
		} else {
			stop, err := agent.Advertise(actualPort, nil)
			if err != nil {
				ln.Close()
				return fmt.Errorf("advertising %s by mDNS: %w (use --no-advertise to run without)", inventory.AgentService, err)
			}
			defer stop()
			fmt.Fprintf(stdout, "Advertising %s on the LAN.\n", inventory.AgentService)
		}
		err = agent.Serve(ctx, ln)
		if err == nil {
			fmt.Fprintln(stdout, "Agent stopped.")
		}
		return err
	}
	if handled, err := runAsService(serve); handled || err != nil {
		return err
	}
	return serve(ctx)
}
