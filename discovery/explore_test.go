package discovery_test

import (
	"context"
	"testing"

	"steward/discovery"
	"steward/discovery/internal/netlab"
)

func TestExplore(t *testing.T) {
	lan := netlab.New(t)
	h1 := lan.AddHost(netlab.HostSpec{Name: "pc1", Workstation: true, Services: []netlab.Service{{Name: "SSH on pc1", Type: "_ssh._tcp", Port: 22}}})
	h2 := lan.AddHost(netlab.HostSpec{Name: "drucker", Services: []netlab.Service{{Name: "Drucker Büro 2. OG", Type: "_ipp._tcp", Port: 631, TXT: []string{"ty=HP LaserJet", "usb_MFG=HP"}}}})
	lan.Start(h1, h2)
	t.Log(h1.Log())
	err := lan.Scanner.Do(func() error {
		res, err := discovery.Scan(context.Background(), discovery.Options{Interfaces: []string{netlab.Iface}, OnEvent: func(e discovery.Event) { t.Logf("%v %v %+v", e.At, e.Kind, e.Instance) }})
		if err != nil {
			return err
		}
		t.Logf("%+v", res.Stats)
		t.Logf("dur %v complete %v", res.Duration, res.Complete)
		for _, d := range res.Devices {
			t.Logf("%+v", d)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
