package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"steward/assets"
)

// Lifecycle is the sample office's licences, contracts, tasks and installed
// software. Records point at generated assets by their index in
// Dataset.Assets and at people by e-mail, because IDs exist only once saved.
type Lifecycle struct {
	Licences  []Licence
	Contracts []Contract
	Tasks     []Task
	Software  map[int][]assets.InstalledSoftware // by asset index
}

// Licence is a generated licence with its seat holders.
type Licence struct {
	assets.Licence
	People []string // e-mails
	Assets []int    // asset indexes
}

// Contract is a generated contract with the assets it covers.
type Contract struct {
	assets.Contract
	Assets []int
}

// Task is a generated task with its assets.
type Task struct {
	assets.Task
	Assets []int
}

type product struct {
	name, vendor, edition, pattern, publisher string
	typ                                       assets.LicenceType
	perPerson                                 bool    // seats go to people (else to devices)
	share                                     float64 // share of the office that uses it
	price                                     int64   // per seat, whole currency units
}

var products = []product{
	{"Microsoft 365", "Microsoft", "Business Standard", "Microsoft 365*", "Microsoft Corporation", assets.LicenceSubscription, true, 0.95, 125},
	{"Adobe Acrobat", "Adobe", "Pro", "Adobe Acrobat*", "Adobe*", assets.LicenceSubscription, true, 0.3, 240},
	{"AutoCAD", "Autodesk", "LT 2024", "AutoCAD*", "Autodesk*", assets.LicencePerSeat, true, 0.06, 495},
	{"Visio", "Microsoft", "Plan 2", "Microsoft Visio*", "Microsoft Corporation", assets.LicenceSubscription, true, 0.08, 180},
	{"Windows 11 Pro", "Microsoft", "OEM", "", "", assets.LicenceOEM, false, 0.5, 0},
	{"ESET Endpoint Security", "ESET", "", "ESET Endpoint*", "ESET*", assets.LicencePerDevice, false, 0.9, 38},
	{"Zoom Workplace", "Zoom", "Business", "Zoom*", "Zoom*", assets.LicenceSubscription, true, 0.4, 190},
	{"Slack", "Salesforce", "Pro", "Slack*", "Slack*", assets.LicenceSite, true, 1, 0},
	{"JetBrains All Products", "JetBrains", "", "JetBrains*", "JetBrains*", assets.LicencePerSeat, true, 0.1, 779},
	{"Veeam Backup", "Veeam", "Standard", "Veeam*", "Veeam*", assets.LicencePerDevice, false, 0.02, 900},
}

// GenerateLifecycle builds the licences, contracts, tasks and installed
// software of the office ds, as of c.Today: some licences short of seats,
// some contracts ending soon, some tasks overdue, so every screen and alert
// has something to show.
func GenerateLifecycle(c Config, ds Dataset) Lifecycle {
	if c.Today.IsZero() {
		c.Today = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	}
	if c.Currency == "" {
		c.Currency = "EUR"
	}
	today := assets.DateOf(c.Today)
	r := rand.New(rand.NewPCG(c.Seed^0x4c4946, c.Seed+7)) // own stream: Generate's output is unchanged
	lc := Lifecycle{Software: map[int][]assets.InstalledSoftware{}}
	var computers []int
	for i, a := range ds.Assets {
		if (a.Category == "laptop" || a.Category == "desktop") && a.Status.Active() {
			computers = append(computers, i)
		}
	}
	// Installed software on computers, and licences that count it.
	for i, p := range products {
		var holders []string
		var devices []int
		for _, person := range ds.People {
			if p.perPerson && r.Float64() < p.share {
				holders = append(holders, person.Email)
			}
		}
		for _, ci := range computers {
			if !p.perPerson && r.Float64() < p.share {
				devices = append(devices, ci)
			}
			if p.pattern != "" && r.Float64() < p.share*1.05 {
				lc.Software[ci] = append(lc.Software[ci], assets.InstalledSoftware{
					Name: strings.TrimSuffix(p.pattern, "*") + " " + p.edition, Version: fmt.Sprintf("%d.%d", 20+r.IntN(5), r.IntN(10)),
					Publisher: strings.TrimSuffix(p.publisher, "*")})
			}
		}
		used := len(holders) + len(devices)
		seats := used + r.IntN(used/5+2)
		if i%3 == 1 {
			seats = max(1, used-1-r.IntN(3)) // over-assigned: a shortfall to chase
		}
		l := assets.Licence{Product: p.name, Vendor: p.vendor, Edition: p.edition, Type: p.typ, Seats: seats,
			Key:      fmt.Sprintf("%05X-%05X-%05X-%05X", r.IntN(1<<20), r.IntN(1<<20), r.IntN(1<<20), r.IntN(1<<20)),
			Purchase: today.AddDays(-30 - r.IntN(900)), Supplier: pick(r, ds.Suppliers)}
		if p.typ == assets.LicenceSite {
			l.Seats = 0
		}
		if p.price > 0 {
			l.Cost = assets.Money{Minor: p.price * int64(max(seats, 1)) * 100, Currency: c.Currency}
		}
		switch {
		case p.typ == assets.LicenceSubscription:
			l.Renewal = l.Purchase.AddYears(1)
			for l.Renewal.Before(today.AddDays(-20)) {
				l.Renewal = l.Renewal.AddYears(1)
			}
			if i%4 == 3 {
				l.Renewal = today.AddDays(20 + r.IntN(40)) // renewal coming up
			}
		case i%5 == 2:
			l.Expiry = today.AddDays(-10 - r.IntN(60)) // lapsed
			l.Purchase = l.Expiry.AddYears(-2)
		}
		if p.pattern != "" {
			l.Covers = []assets.SoftwarePattern{{Name: p.pattern, Publisher: p.publisher}}
		}
		if l.Type == assets.LicencePerDevice && l.Seats == 0 {
			l.Seats = 1
		}
		if l.Type == assets.LicenceOEM || l.Type == assets.LicencePerDevice {
			if l.Seats == 0 {
				l.Seats = 1
			}
		}
		lc.Licences = append(lc.Licences, Licence{Licence: l, People: holders, Assets: devices})
	}
	// Manufacturer warranties (three years from purchase) on most hardware,
	// and a support contract on the servers and network kit.
	var infra []int
	for i, a := range ds.Assets {
		if !a.Status.Active() || a.PurchaseDate.IsZero() {
			continue
		}
		if a.Category == "server" || a.Category == "network" {
			infra = append(infra, i)
		}
		if a.Category == "peripheral" || a.Category == "other" || r.IntN(10) == 0 {
			continue
		}
		years := 3
		if a.Category == "monitor" {
			years = 5
		}
		lc.Contracts = append(lc.Contracts, Contract{Contract: assets.Contract{Kind: assets.ContractWarranty, Provider: a.Manufacturer,
			Reference: fmt.Sprintf("WTY-%06d", i+1), Level: "warranty", Start: a.PurchaseDate, End: a.PurchaseDate.AddYears(years).AddDays(-1)}, Assets: []int{i}})
	}
	for k := 0; len(infra) > 0 && k < 3; k++ {
		var covered []int
		for j, i := range infra {
			if j%3 == k {
				covered = append(covered, i)
			}
		}
		if len(covered) == 0 {
			continue
		}
		end := today.AddDays([]int{45, 200, -15}[k]) // one ending soon, one fine, one just lapsed
		lc.Contracts = append(lc.Contracts, Contract{Contract: assets.Contract{Kind: assets.ContractSupport, Provider: "Acme Managed Services",
			Reference: fmt.Sprintf("AMS-%04d", 1000+k), Level: []string{"24x7 four-hour", "next business day", "business hours"}[k],
			Start: end.AddYears(-1).AddDays(1), End: end, Cost: assets.Money{Minor: int64(2400+r.IntN(6000)) * 100, Currency: c.Currency}}, Assets: covered})
	}
	// Tasks: quarterly printer maintenance, firmware on network kit, OS
	// upgrades for old Windows, and replacements for the oldest machines.
	for i, a := range ds.Assets {
		if !a.Status.Active() {
			continue
		}
		switch {
		case a.Category == "printer":
			lc.Tasks = append(lc.Tasks, Task{Task: assets.Task{Kind: assets.TaskMaintenance, Title: "Clean and calibrate",
				Due: today.AddDays(r.IntN(120) - 30), EveryMonths: 3, Cost: assets.Money{Minor: 6000, Currency: c.Currency}}, Assets: []int{i}})
		case a.Category == "network" && r.IntN(2) == 0:
			lc.Tasks = append(lc.Tasks, Task{Task: assets.Task{Kind: assets.TaskFirmware, Title: "Firmware update",
				Due: today.AddDays(r.IntN(60) - 20), EveryMonths: 6}, Assets: []int{i}})
		case strings.HasPrefix(a.OS, "Windows 10") && r.IntN(3) == 0:
			lc.Tasks = append(lc.Tasks, Task{Task: assets.Task{Kind: assets.TaskOSUpgrade, Title: "Upgrade to Windows 11",
				Due: today.AddDays(r.IntN(90) - 45)}, Assets: []int{i}})
		case a.PurchaseDate.Before(today.AddYears(-5)) && (a.Category == "laptop" || a.Category == "desktop") && r.IntN(4) == 0:
			lc.Tasks = append(lc.Tasks, Task{Task: assets.Task{Kind: assets.TaskReplacement, Title: "Replace",
				Due: today.AddDays(r.IntN(180) - 30), Cost: assets.Money{Minor: int64(900+r.IntN(800)) * 100, Currency: c.Currency}}, Assets: []int{i}})
		}
	}
	return lc
}
