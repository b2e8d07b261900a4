package transfer_test

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"steward/assets"
	"steward/assets/sqlite"
	"steward/assets/transfer"
)

// assetsCSV100k is a 100,000-row assets file with every column filled the
// way a spreadsheet export would (people by e-mail, warranty ends).
func assetsCSV100k(people int) []byte {
	var b bytes.Buffer
	b.WriteString("tag,name,category,manufacturer,model,serial,status,location,assigned_to,purchase_date,cost,currency,supplier,warranty_end,os,eol_date,notes\n")
	cats := []string{"laptop", "desktop", "printer", "phone", "monitor"}
	for i := 1; i <= 100_000; i++ {
		assigned := ""
		if i%3 != 0 {
			assigned = fmt.Sprintf("p%d@example.org", i%people)
		}
		warranty := ""
		if i%2 == 0 {
			warranty = fmt.Sprintf("20%02d-%02d-15", 25+i%4, 1+i%12)
		}
		fmt.Fprintf(&b, "IMP-%06d,Machine %d,%s,Dell,Latitude %d,SN%08d,deployed,Site %d,%s,20%02d-%02d-%02d,%d.50,EUR,Acme,%s,Windows 11 Pro 23H2,,note %d\n",
			i, i, cats[i%len(cats)], 5400+i%50, i, i%20, assigned, 18+i%8, 1+i%12, 1+i%28, 500+i%1500, warranty, i)
	}
	return b.Bytes()
}

// BenchmarkImportAssets100k imports a 100,000-row assets CSV (with
// warranty_end stored as warranty contracts) into a fresh database through
// the same path as `steward import --kind assets`. Target: under 3 s.
func BenchmarkImportAssets100k(b *testing.B) {
	data := assetsCSV100k(500)
	ctx := context.Background()
	var cpu time.Duration
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		s, err := sqlite.Create(ctx, filepath.Join(b.TempDir(), fmt.Sprintf("import%d.db", i)))
		if err != nil {
			b.Fatal(err)
		}
		for p := 0; p < 500; p++ {
			if err := s.CreatePerson(ctx, &assets.Person{Name: fmt.Sprintf("Person %d", p), Email: fmt.Sprintf("p%d@example.org", p)}); err != nil {
				b.Fatal(err)
			}
		}
		c0 := cpuNow()
		b.StartTimer()
		res, err := transfer.Import(ctx, s, "assets", "assets.csv", bytes.NewReader(data), transfer.Options{})
		b.StopTimer()
		cpu += cpuNow() - c0
		if err != nil {
			b.Fatal(err)
		}
		if res.Created != 100_000 {
			b.Fatalf("created %d", res.Created)
		}
		s.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(cpu)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
}

func cpuNow() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
