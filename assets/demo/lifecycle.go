package demo

import (
	"fmt"
	"math/rand/v2"
	"slices"
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
	perPerson                                 bool     // seats go to people (else to devices)
	share                                     float64  // share of the people it is for who use it
	depts                                     []string // who it is for (none: everyone)
	price                                     int64    // per seat, whole currency units
	// What the sample makes of it: spare seats bought, seats assigned but
	// never bought, installs for people never given a seat, a renewal
	// coming up, a lapse.
	spare, short, unlicensed int
	renewSoon, lapsed        bool
	onServers, onDevice      bool // per-device products: servers, every computer
}

var products = []product{
	{name: "Microsoft 365", vendor: "Microsoft", edition: "Business Standard", pattern: "Microsoft 365*", publisher: "Microsoft Corporation",
		typ: assets.LicenceSubscription, perPerson: true, share: 1, price: 125, spare: 3},
	{name: "Adobe Acrobat", vendor: "Adobe", edition: "Pro", pattern: "Adobe Acrobat*", publisher: "Adobe*",
		typ: assets.LicenceSubscription, perPerson: true, share: 0.3, price: 240, unlicensed: 2},
	{name: "AutoCAD LT", vendor: "Autodesk", edition: "2024", pattern: "AutoCAD*", publisher: "Autodesk*",
		typ: assets.LicencePerSeat, perPerson: true, share: 0.3, depts: []string{"Engineering", "Operations"}, price: 495, lapsed: true},
	{name: "Visio", vendor: "Microsoft", edition: "Plan 2", pattern: "Microsoft Visio*", publisher: "Microsoft Corporation",
		typ: assets.LicenceSubscription, perPerson: true, share: 0.5, depts: []string{"IT", "Operations"}, price: 180, renewSoon: true},
	{name: "Windows 11 Pro", vendor: "Microsoft", edition: "OEM", typ: assets.LicenceOEM, onDevice: true},
	{name: "ESET Endpoint Security", vendor: "ESET", pattern: "ESET Endpoint*", publisher: "ESET*",
		typ: assets.LicencePerDevice, onDevice: true, onServers: true, price: 38, spare: 10},
	{name: "Zoom Workplace", vendor: "Zoom", edition: "Business", pattern: "Zoom*", publisher: "Zoom*",
		typ: assets.LicenceSubscription, perPerson: true, share: 0.8, depts: []string{"Management", "Sales", "Support", "Marketing"}, price: 190, short: 2},
	{name: "Slack", vendor: "Salesforce", edition: "Pro", pattern: "Slack*", publisher: "Slack*", typ: assets.LicenceSite, perPerson: true, share: 1},
	{name: "JetBrains All Products", vendor: "JetBrains", pattern: "JetBrains*", publisher: "JetBrains*",
		typ: assets.LicencePerSeat, perPerson: true, share: 0.9, depts: []string{"Engineering"}, price: 779, spare: 1},
	{name: "Veeam Backup", vendor: "Veeam", edition: "Standard", pattern: "Veeam*", publisher: "Veeam*",
		typ: assets.LicencePerDevice, onServers: true, price: 900},
}

// GenerateLifecycle builds the licences, contracts, tasks and installed
// software of the office ds, as of c.Today: a few licences short of seats,
// one lapsed and one renewing soon, some contracts ending soon, some tasks
// overdue, so every screen and alert has something to show. Software sits
// where the seats are: on the computers of the people given a seat (and on
// a few of people who were not: the shortfall to chase).
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
	// Each person's own computer (the first laptop or desktop they hold),
	// the computers in use or in store, and the servers.
	primary := map[string]int{}
	var computers, windows, servers []int
	for i, a := range ds.Assets {
		if !a.Status.Active() {
			continue
		}
		switch a.Category {
		case "laptop", "desktop":
			computers = append(computers, i)
			if strings.HasPrefix(a.OS, "Windows") {
				windows = append(windows, i)
			}
			if _, ok := primary[a.HolderEmail]; a.HolderEmail != "" && !ok && a.Status == assets.StatusDeployed {
				primary[a.HolderEmail] = i
			}
		case "server":
			if a.Manufacturer != "Synology" {
				servers = append(servers, i)
			}
		}
	}
	// The leaver who kept a laptop kept their seats too: the alert asks to
	// recover both. Everyone else who left gave theirs back.
	laptopHolders := map[string]bool{}
	for _, a := range ds.Assets {
		if a.Category == "laptop" && a.HolderEmail != "" {
			laptopHolders[a.HolderEmail] = true
		}
	}
	install := func(i int, p product) {
		name := strings.TrimSpace(strings.TrimSuffix(p.pattern, "*") + " " + p.edition)
		if p.name == "JetBrains All Products" {
			name = "JetBrains IntelliJ IDEA Ultimate"
		}
		lc.Software[i] = append(lc.Software[i], assets.InstalledSoftware{
			Name: name, Version: fmt.Sprintf("%d.%d", 20+r.IntN(5), r.IntN(10)), Publisher: strings.TrimSuffix(p.publisher, "*")})
	}
	for _, p := range products {
		var holders []string
		var devices []int
		if p.perPerson {
			for _, person := range ds.People {
				if person.Status == assets.PersonLeft && !laptopHolders[person.Email] {
					continue
				}
				if len(p.depts) > 0 && !slices.Contains(p.depts, person.Department) || r.Float64() >= p.share {
					continue
				}
				i, ok := primary[person.Email]
				if !ok && p.pattern != "" {
					continue // installed software wants a computer to run on
				}
				holders = append(holders, person.Email)
				if ok && p.pattern != "" {
					install(i, p)
				}
			}
			// Installed for people who were never given a seat.
			for n, k := 0, 0; n < p.unlicensed && k < len(computers); k++ {
				i := computers[r.IntN(len(computers))]
				if h := ds.Assets[i].HolderEmail; h == "" || slices.Contains(holders, h) || hasSoftware(lc.Software[i], p) {
					continue
				}
				install(i, p)
				n++
			}
		}
		if p.onDevice {
			if p.typ == assets.LicenceOEM {
				devices = append(devices, windows...)
			} else {
				devices = append(devices, computers...)
			}
		}
		if p.onServers {
			devices = append(devices, servers...)
		}
		if p.pattern != "" {
			for _, i := range devices {
				install(i, p)
			}
		}
		seats := len(holders) + len(devices) + p.spare - p.short
		l := assets.Licence{Product: p.name, Vendor: p.vendor, Edition: p.edition, Type: p.typ, Seats: max(seats, 1),
			Key:      fmt.Sprintf("%05X-%05X-%05X-%05X", r.IntN(1<<20), r.IntN(1<<20), r.IntN(1<<20), r.IntN(1<<20)),
			Purchase: today.AddDays(-30 - r.IntN(900)), Supplier: pick(r, []string{"Centralpoint", "Bechtle", "Insight", "CDW"})}
		if p.typ == assets.LicenceSite {
			l.Seats = 0
		}
		if p.price > 0 {
			l.Cost = assets.Money{Minor: p.price * int64(max(l.Seats, 1)) * 100, Currency: c.Currency}
		}
		if p.typ == assets.LicenceSubscription {
			l.Renewal = l.Purchase.AddYears(1)
			for l.Renewal.Before(today.AddDays(60)) {
				l.Renewal = l.Renewal.AddYears(1)
			}
		}
		switch {
		case p.renewSoon:
			l.Renewal = today.AddDays(20 + r.IntN(40))
		case p.lapsed:
			l.Expiry = today.AddDays(-10 - r.IntN(60))
			l.Purchase = l.Expiry.AddYears(-1)
		}
		if p.pattern != "" {
			l.Covers = []assets.SoftwarePattern{{Name: p.pattern, Publisher: p.publisher}}
		}
		if p.typ == assets.LicenceOEM {
			l.Purchase, l.Supplier = assets.Date{}, ""
			l.Notes = "Comes with each Windows computer"
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
		case (a.Category == "laptop" || a.Category == "desktop") && a.Status == assets.StatusDeployed && a.PurchaseDate.Before(today.AddYears(-refreshYears(a.Category))) && r.IntN(2) == 0:
			lc.Tasks = append(lc.Tasks, Task{Task: assets.Task{Kind: assets.TaskReplacement, Title: "Replace",
				Due: today.AddDays(r.IntN(180) - 30), Cost: assets.Money{Minor: int64(900+r.IntN(800)) * 100, Currency: c.Currency}}, Assets: []int{i}})
		}
	}
	return lc
}

func hasSoftware(list []assets.InstalledSoftware, p product) bool {
	prefix := strings.TrimSuffix(p.pattern, "*")
	for _, s := range list {
		if strings.HasPrefix(s.Name, prefix) {
			return true
		}
	}
	return false
}

func refreshYears(category string) int {
	for _, c := range assets.DefaultCategories {
		if c.Name == category {
			return c.RefreshYears
		}
	}
	return 0
}
