//go:build linux

package netlab

import "fmt"

// bigIPPTXT is a realistic AirPrint TXT record, large enough (over 512
// bytes with its name) that a one-shot reply cannot carry it.
func bigIPPTXT(uuid string) []string {
	return []string{
		"txtvers=1", "qtotal=1", "rp=ipp/print", "ty=HP Color LaserJet MFP M479fdw",
		"product=(HP Color LaserJet MFP M479fdw)", "usb_MFG=HP", "usb_MDL=Color LaserJet MFP M479fdw",
		"pdl=application/octet-stream,application/pdf,application/postscript,image/jpeg,image/png,image/pwg-raster,image/urf",
		"adminurl=http://drucker.local./#hId-pgAirPrint", "note=Büro 2. OG, Flur links", "priority=0",
		"Color=T", "Duplex=T", "Scan=T", "Fax=T", "kind=document,envelope,label,postcard",
		"PaperMax=legal-A4", "URF=CP1,MT1-2-8-9-10-11,OB10,PQ4,RS300-600,SRGB24,W8,DM1,IS1,V1.4",
		"mopria-certified=2.0", "TLS=1.2", "UUID=" + uuid, "print_wfds=T", "air=none",
	}
}

// Office returns the hosts of a small office LAN: a printer/MFP with a
// non-ASCII name and a large TXT, a Mac, a NAS, an IPv4-only Chromecast
// and an IPv6-only Linux workstation. Together they advertise 19
// instances (avahi adds the workstation's _workstation record).
func Office() []HostSpec {
	return []HostSpec{
		{Name: "drucker", Services: []Service{
			{Name: "Drucker Büro 2. OG", Type: "_ipp._tcp", Port: 631, TXT: bigIPPTXT("564e4333-4230-3431-3131-3c2af7b1a2c4")},
			{Name: "Drucker Büro 2. OG", Type: "_ipps._tcp", Port: 631, TXT: []string{"txtvers=1", "rp=ipp/print", "ty=HP Color LaserJet MFP M479fdw", "UUID=564e4333-4230-3431-3131-3c2af7b1a2c4", "TLS=1.2"}},
			{Name: "Drucker Büro 2. OG", Type: "_pdl-datastream._tcp", Port: 9100, TXT: []string{"txtvers=1", "ty=HP Color LaserJet MFP M479fdw", "product=(HP Color LaserJet MFP M479fdw)"}},
			{Name: "Drucker Büro 2. OG", Type: "_uscan._tcp", Port: 8080, TXT: []string{"txtvers=1", "vers=2.63", "rs=eSCL", "ty=HP Color LaserJet MFP M479fdw", "uuid=564e4333-4230-3431-3131-3c2af7b1a2c4", "cs=color,grayscale,binary", "is=platen,adf,duplex"}},
			{Name: "HP Color LaserJet MFP M479fdw [A2C4B1]", Type: "_http._tcp", Port: 80, TXT: []string{"path=/"}},
		}},
		{Name: "annas-macbook-pro", Services: []Service{
			{Name: "Anna’s MacBook Pro", Type: "_device-info._tcp", Port: 0, TXT: []string{"model=MacBookPro18,3", "osxvers=23", "ecolor=157,157,160"}},
			{Name: "Anna’s MacBook Pro", Type: "_companion-link._tcp", Port: 49153, TXT: []string{"rpMac=0", "rpHN=0f5a7c3e2b1d", "rpFl=0x20000", "rpHA=4a9b3f1e0c2d", "rpVr=510.60.2", "rpAD=3f2e1d0c4b5a", "rpHI=9c8b7a6f5e4d", "rpBA=AA:BB:CC:DD:EE:01"}},
			{Name: "Anna’s MacBook Pro", Type: "_ssh._tcp", Port: 22},
			{Name: "Anna’s MacBook Pro", Type: "_smb._tcp", Port: 445},
		}},
		{Name: "nas01", Services: []Service{
			{Name: "nas01", Type: "_smb._tcp", Port: 445},
			{Name: "nas01", Type: "_afpovertcp._tcp", Port: 548},
			{Name: "nas01", Type: "_adisk._tcp", Port: 9, TXT: []string{"sys=waMa=00:11:32:aa:bb:cc,adVF=0x100", "dk0=adVN=TimeMachine,adVF=0x82"}},
			{Name: "nas01", Type: "_http._tcp", Port: 5000, TXT: []string{"vendor=Synology", "model=DS920+", "serial=2040PDN123456", "version_major=7", "version_minor=2"}},
			{Name: "nas01", Type: "_device-info._tcp", Port: 0, TXT: []string{"model=Xserve"}},
		}},
		{Name: "chromecast-wohnzimmer", NoIPv6: true, Services: []Service{
			{Name: "Chromecast-Ultra-6b1f5c0e8d2a4f3b", Type: "_googlecast._tcp", Port: 8009, TXT: []string{"id=6b1f5c0e8d2a4f3b9c7d1e2f3a4b5c6d", "cd=0F1E2D3C4B5A69788796A5B4C3D2E1F0", "rm=", "ve=05", "md=Chromecast Ultra", "ic=/setup/icon.png", "fn=Wohnzimmer TV", "ca=201221", "st=0", "bs=FA8FCA7A1B2C", "nf=1", "rs="}},
		}},
		{Name: "ws-linux", NoIPv4: true, Workstation: true, Services: []Service{
			{Name: "ws-linux SSH", Type: "_ssh._tcp", Port: 22},
			{Name: "ws-linux SFTP", Type: "_sftp-ssh._tcp", Port: 22},
			{Name: "ws-linux:0 (VNC)", Type: "_rfb._tcp", Port: 5900},
		}},
	}
}

// Busy returns n hosts with a realistic mix (printers, Macs, NAS, cast
// devices, Linux boxes), about 3.75 instances each.
func Busy(n int) []HostSpec {
	var hs []HostSpec
	for i := 0; i < n; i++ {
		switch i % 4 {
		case 0:
			hs = append(hs, HostSpec{Name: fmt.Sprintf("printer-%02d", i), Services: []Service{
				{Name: fmt.Sprintf("Drucker Etage %d Raum %02d", i/4, i), Type: "_ipp._tcp", Port: 631, TXT: []string{"txtvers=1", "rp=ipp/print", "ty=Brother MFC-L8900CDW", "usb_MFG=Brother", "usb_MDL=MFC-L8900CDW", fmt.Sprintf("UUID=e3248000-80ce-11db-8000-30055c%06x", i)}},
				{Name: fmt.Sprintf("Drucker Etage %d Raum %02d", i/4, i), Type: "_pdl-datastream._tcp", Port: 9100},
				{Name: fmt.Sprintf("Drucker Etage %d Raum %02d", i/4, i), Type: "_uscan._tcp", Port: 80, TXT: []string{"rs=eSCL", "ty=Brother MFC-L8900CDW"}},
			}})
		case 1:
			hs = append(hs, HostSpec{Name: fmt.Sprintf("mac-%02d", i), Services: []Service{
				{Name: fmt.Sprintf("MacBook %02d", i), Type: "_device-info._tcp", TXT: []string{"model=MacBookAir10,1", "osxvers=23"}},
				{Name: fmt.Sprintf("MacBook %02d", i), Type: "_companion-link._tcp", Port: 49152, TXT: []string{"rpVr=510.60.2"}},
				{Name: fmt.Sprintf("MacBook %02d", i), Type: "_ssh._tcp", Port: 22},
				{Name: fmt.Sprintf("MacBook %02d", i), Type: "_smb._tcp", Port: 445},
			}})
		case 2:
			hs = append(hs, HostSpec{Name: fmt.Sprintf("linux-%02d", i), Workstation: true, Services: []Service{
				{Name: fmt.Sprintf("linux-%02d SSH", i), Type: "_ssh._tcp", Port: 22},
				{Name: fmt.Sprintf("linux-%02d SFTP", i), Type: "_sftp-ssh._tcp", Port: 22},
				{Name: fmt.Sprintf("linux-%02d web", i), Type: "_http._tcp", Port: 8080, TXT: []string{"path=/"}},
			}})
		case 3:
			if i%8 == 3 {
				hs = append(hs, HostSpec{Name: fmt.Sprintf("nas-%02d", i), Services: []Service{
					{Name: fmt.Sprintf("nas-%02d", i), Type: "_smb._tcp", Port: 445},
					{Name: fmt.Sprintf("nas-%02d", i), Type: "_afpovertcp._tcp", Port: 548},
					{Name: fmt.Sprintf("nas-%02d", i), Type: "_adisk._tcp", Port: 9, TXT: []string{"sys=waMa=00:11:32:00:00:" + fmt.Sprintf("%02x", i) + ",adVF=0x100"}},
					{Name: fmt.Sprintf("nas-%02d", i), Type: "_http._tcp", Port: 5000},
					{Name: fmt.Sprintf("nas-%02d", i), Type: "_device-info._tcp", TXT: []string{"model=Xserve"}},
				}})
			} else {
				hs = append(hs, HostSpec{Name: fmt.Sprintf("cast-%02d", i), Services: []Service{
					{Name: fmt.Sprintf("Chromecast-%02d", i), Type: "_googlecast._tcp", Port: 8009, TXT: []string{fmt.Sprintf("id=%032x", i), "md=Chromecast", fmt.Sprintf("fn=Besprechung %02d", i)}},
					{Name: fmt.Sprintf("Chromecast-%02d", i), Type: "_spotify-connect._tcp", Port: 8009, TXT: []string{"CPath=/spotify"}},
				}})
			}
		}
	}
	return hs
}
