package transfer_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
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
	writeAssetsCSV(&b, 100_000, people)
	return b.Bytes()
}

// writeAssetsCSV writes an assets file of n rows like assetsCSV100k's.
func writeAssetsCSV(w io.Writer, n, people int) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	bw.WriteString("tag,name,category,manufacturer,model,serial,status,location,assigned_to,purchase_date,cost,currency,supplier,warranty_end,os,eol_date,notes\n")
	cats := []string{"laptop", "desktop", "printer", "phone", "monitor"}
	for i := 1; i <= n; i++ {
		assigned := ""
		if i%3 != 0 {
			assigned = fmt.Sprintf("p%d@example.org", i%people)
		}
		warranty := ""
		if i%2 == 0 {
			warranty = fmt.Sprintf("20%02d-%02d-15", 25+i%4, 1+i%12)
		}
		fmt.Fprintf(bw, "IMP-%06d,Machine %d,%s,Dell,Latitude %d,SN%08d,deployed,Site %d,%s,20%02d-%02d-%02d,%d.50,EUR,Acme,%s,Windows 11 Pro 23H2,,note %d\n",
			i, i, cats[i%len(cats)], 5400+i%50, i, i%20, assigned, 18+i%8, 1+i%12, 1+i%28, 500+i%1500, warranty, i)
	}
	return bw.Flush()
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

// BenchmarkImportAssets1M imports a 1,000,000-row assets CSV (written to a
// file first, as assetsCSV100k's rows) into a fresh register, all or
// nothing, in a child process, so that its peak memory is the import's
// alone: peak-MB is the child's getrusage maxrss, import-s the import's
// wall time there, import-cpu-s its CPU time (all threads). Targets: under
// 600 MB and 30 s.
func BenchmarkImportAssets1M(b *testing.B) {
	dir := b.TempDir()
	csvPath := filepath.Join(dir, "assets1m.csv")
	f, err := os.Create(csvPath)
	if err != nil {
		b.Fatal(err)
	}
	if err := writeAssetsCSV(f, 1_000_000, 500); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	var peak, secs, cpu float64
	for i := 0; b.Loop(); i++ {
		db := filepath.Join(dir, fmt.Sprintf("import%d.db", i))
		cmd := exec.Command(os.Args[0], "-test.run=^TestImportChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), "STEWARD_IMPORT_CHILD="+csvPath+"|"+db)
		out, err := cmd.CombinedOutput()
		if err != nil {
			b.Fatalf("child: %v\n%s", err, out)
		}
		var r childReport
		for _, line := range strings.Split(string(out), "\n") {
			if rest, ok := strings.CutPrefix(line, "child-report "); ok {
				if err := json.Unmarshal([]byte(rest), &r); err != nil {
					b.Fatal(err)
				}
			}
		}
		if r.Created != 1_000_000 {
			b.Fatalf("child created %d assets\n%s", r.Created, out)
		}
		peak = max(peak, r.PeakMB)
		secs += r.ImportSeconds
		cpu += r.ImportCPUSeconds
		os.Remove(db)
		os.Remove(db + "-wal")
		os.Remove(db + "-shm")
	}
	b.ReportMetric(peak, "peak-MB")
	b.ReportMetric(secs/float64(b.N), "import-s")
	b.ReportMetric(cpu/float64(b.N), "import-cpu-s")
}

type childReport struct {
	Created          int
	ImportSeconds    float64
	ImportCPUSeconds float64 // user + system, every thread
	PeakMB           float64
}

// TestImportChild is BenchmarkImportAssets1M's child process: it imports
// the file STEWARD_IMPORT_CHILD names into a new register and reports the
// time and its peak resident memory. Skipped when run on its own.
func TestImportChild(t *testing.T) {
	spec := os.Getenv("STEWARD_IMPORT_CHILD")
	if spec == "" {
		t.Skip("the child of BenchmarkImportAssets1M")
	}
	csvPath, db, _ := strings.Cut(spec, "|")
	ctx := context.Background()
	s, err := sqlite.Create(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for p := 0; p < 500; p++ {
		if err := s.CreatePerson(ctx, &assets.Person{Name: fmt.Sprintf("Person %d", p), Email: fmt.Sprintf("p%d@example.org", p)}); err != nil {
			t.Fatal(err)
		}
	}
	start, cpu0 := time.Now(), cpuNow()
	res, err := transfer.ImportFile(ctx, s, "assets", csvPath, transfer.Options{})
	took, cpu := time.Since(start), cpuNow()-cpu0
	if err != nil {
		t.Fatal(err)
	}
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	rep, _ := json.Marshal(childReport{Created: res.Created, ImportSeconds: took.Seconds(), ImportCPUSeconds: cpu.Seconds(), PeakMB: float64(ru.Maxrss) / 1024})
	fmt.Printf("child-report %s\n", rep)
}
