package app

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"

	"fyne.io/fyne/v2/widget"

	"steward/assets"
	"steward/inventory"
	"steward/inventory/intake"
)

// agentServiceType is what `steward agent` advertises.
const agentServiceType = "_steward._tcp"

// agentStore is what collecting from an agent reads and writes: the pinned
// fingerprints (settings) and the report.
type agentStore interface {
	ImportInventory(ctx context.Context, in assets.InventoryImport, dry bool) (assets.InventoryResult, error)
	Setting(ctx context.Context, key string) (string, error)
	SetSetting(ctx context.Context, key, value string) error
}

// agentEndpoint is where a discovered agent answers and what its TXT says.
type agentEndpoint struct {
	addr string // host:port to dial
	txt  inventory.AgentTXT
}

// agentOf finds the agent service in a sighting. Stored sightings keep
// their services as lines "Name — _steward._tcp port 8443 — k=v; k=v"
// (sightingOf), so the port and TXT are read back from that line.
func agentOf(sg assets.Sighting) (agentEndpoint, error) {
	for _, line := range sg.Services {
		parts := strings.Split(line, " — ")
		for i, p := range parts {
			typ, port, ok := strings.Cut(p, " port ")
			if !ok || typ != agentServiceType {
				continue
			}
			n, err := strconv.Atoi(port)
			if err != nil || n <= 0 || n > 65535 {
				return agentEndpoint{}, fmt.Errorf("the agent's service has no usable port (%q)", port)
			}
			var txt []string
			if i+1 < len(parts) {
				txt = strings.Split(parts[i+1], "; ")
			}
			t, err := inventory.ParseAgentTXT(txt)
			if err != nil {
				return agentEndpoint{}, err
			}
			host := strings.TrimSuffix(sg.HostName, ".")
			for _, a := range sg.Addresses {
				if !strings.Contains(a, ":") { // IPv4 first: no zone to carry
					host = a
					break
				}
			}
			if host == "" && len(sg.Addresses) > 0 {
				host = sg.Addresses[0]
			}
			if host == "" {
				return agentEndpoint{}, errors.New("the agent has no address or host name")
			}
			return agentEndpoint{addr: net.JoinHostPort(host, strconv.Itoa(n)), txt: t}, nil
		}
	}
	return agentEndpoint{}, fmt.Errorf("this device does not run the Steward agent (no %s service)", agentServiceType)
}

// agentPinKey is the setting that keeps the certificate fingerprint first
// collected from an agent: later collections refuse any other certificate.
func agentPinKey(sg assets.Sighting) string { return "inventory.agent_fingerprint." + sg.DeviceID }

// collectInventory asks for the selected agent's pairing code (once per
// agent while the window is open) and collects its report.
func (s *discoveryScreen) collectInventory() {
	r, ok := s.current()
	if !ok {
		return
	}
	if _, err := agentOf(r.s); err != nil {
		s.ui.showError("Cannot collect inventory", err)
		return
	}
	if code := s.agentCodes[r.s.DeviceID]; code != "" {
		s.collectFrom(r.s, code)
		return
	}
	entry := formPassword("e.g. K7PM-4XQD")
	items := []*widget.FormItem{widget.NewFormItem("Pairing code", entry)}
	s.ui.showForm("Collect inventory from "+firstOf(r.s.Name, r.s.HostName), "Collect", items, func(ok bool) {
		if ok && strings.TrimSpace(entry.Text) != "" {
			s.collectFrom(r.s, strings.TrimSpace(entry.Text))
		}
	})
}

// agentCollectResult is what one collection did.
type agentCollectResult struct {
	outcome  importOutcome
	pinnedAt string // the fingerprint pinned now (first collection), or ""
}

// collectFrom fetches the agent's report, pinning the fingerprint stored
// for it, else the one its TXT record advertises, and imports it as a file
// would be.
func (s *discoveryScreen) collectFrom(sg assets.Sighting, code string) {
	ep, err := agentOf(sg)
	if err != nil {
		s.ui.showError("Cannot collect inventory", err)
		return
	}
	if s.agentCodes == nil {
		s.agentCodes = map[string]string{}
	}
	s.agentCodes[sg.DeviceID] = code
	store := s.store
	key := agentPinKey(sg)
	s.status.SetText("Collecting inventory from " + ep.addr + "…")
	s.progress.Show()
	s.progress.Start()
	background(s.ui, func(ctx context.Context) (agentCollectResult, error) {
		var res agentCollectResult
		pinned, err := store.Setting(ctx, key)
		if err != nil {
			return res, err
		}
		pin := pinned
		if pin == "" {
			pin = ep.txt.Fingerprint
		}
		rep, seen, err := inventory.FetchFromAgent(ctx, ep.addr, code, pin)
		if errors.Is(err, inventory.ErrFingerprintMismatch) {
			how := "the fingerprint in its announcement"
			if pinned != "" {
				how = "the certificate pinned at the first collection"
			}
			return res, fmt.Errorf("%w: the agent at %s presented certificate %s, not %s (%s). Steward refused to send the pairing code. If the agent was reinstalled, check its fingerprint on that computer (steward agent prints it) before trusting it", inventory.ErrFingerprintMismatch, ep.addr, seen, pin, how)
		}
		if err != nil {
			return res, err
		}
		if pinned == "" {
			if err := store.SetSetting(ctx, key, seen); err != nil {
				return res, err
			}
			res.pinnedAt = seen
		}
		in, err := intake.FromReport(rep, "agent "+ep.addr)
		if err != nil {
			return res, err
		}
		ir, err := store.ImportInventory(ctx, in, false)
		res.outcome = outcomeOf(firstOf(sg.Name, sg.HostName, ep.addr), ir, err)
		return res, nil
	}, func(res agentCollectResult, err error) {
		s.progress.Stop()
		s.progress.Hide()
		s.lastCollect, s.lastCollectErr = res.outcome, err
		if err != nil {
			if errors.Is(err, inventory.ErrWrongCode) {
				delete(s.agentCodes, sg.DeviceID) // ask again next time
			}
			s.status.SetText("Inventory collection failed.")
			s.ui.showError("Could not collect inventory from "+ep.addr, err)
			return
		}
		text := res.outcome.line()
		if res.pinnedAt != "" {
			text += "\nCertificate pinned: " + res.pinnedAt
		}
		s.status.SetText(strings.SplitN(text, "\n", 2)[0])
		for _, d := range res.outcome.details {
			text += "\n  " + d
		}
		s.ui.showInfo("Inventory collected", text)
		s.refresh()
	})
}
