package report

import (
	"fmt"
	"image"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"steward/assets"
	"steward/assets/demo"
)

// needScanner is zbarimg, the barcode reader the label test decodes with.
// A developer's machine without it skips the test; CI must have it.
func needScanner(t *testing.T) {
	t.Helper()
	needTool(t, "pdftoppm")
	if _, err := exec.LookPath("zbarimg"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("zbarimg not found: CI must install zbar-tools (make deps does)")
		}
		t.Skip("zbarimg not found: install zbar-tools to decode the label sheets")
	}
}

// TestLabelSheetsScan prints label sheets, renders every page with pdftoppm
// at 150 and 300 dpi (a cheap and a good office printer) and decodes each
// page with zbarimg: every label's code must read back as its tag, once.
// Before the codes were drawn on whole printer dots with a four-module quiet
// zone, HV-001 and HV-007 failed at 150 dpi and HV-002 at 300.
func TestLabelSheetsScan(t *testing.T) {
	needScanner(t)
	var office []assets.Asset
	for i, name := range []string{"Reception PC", "Laptop Anna Berg", "Laptop Jonas Ek", "Printer 2nd floor",
		"Switch rack A", "NAS backup", "Laptop Zoë Åberg", "Meeting room screen", "Firewall", "Phone Per Lind", "Dock Anna Berg"} {
		office = append(office, assets.Asset{Tag: fmt.Sprintf("HV-%03d", i+1), Name: name})
	}
	// A full sheet of the demo office, tagged as the register tags them.
	var sample []assets.Asset
	for i, a := range demo.Generate(demo.Config{Assets: 30, People: 10, Seed: 1}).Assets {
		sample = append(sample, assets.Asset{Tag: assets.FormatTag(int64(i + 1)), Name: a.Name})
	}
	for _, c := range []struct {
		name  string
		paper Paper
		list  []assets.Asset
	}{
		{"small office", A4, office}, {"small office", Letter, office},
		{"demo full sheet", A4, sample[:LabelsA4.Cols*LabelsA4.Rows]},
		{"demo full sheet", Letter, sample[:LabelsLetter.Cols*LabelsLetter.Rows]},
	} {
		path := writePDF(t, Labels(LabelsInput{Org: "Hagvik Verkstad AB", AsOf: assets.MustDate("2026-06-01"), Paper: c.paper, Assets: c.list}), c.paper)
		for _, dpi := range []int{150, 300} {
			got := scanPDF(t, path, dpi)
			var want []string
			for _, a := range c.list {
				want = append(want, a.Tag)
			}
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("%s, %s, %d dpi: zbarimg read %d codes, want %d; unread %v, unexpected %v",
					c.name, c.paper, dpi, len(got), len(want), missingFrom(want, got), missingFrom(got, want))
			}
		}
	}
}

// scanPDF renders each page of the PDF at dpi and returns the sorted QR
// payloads zbarimg reads from all of them.
func scanPDF(t *testing.T, path string, dpi int) []string {
	t.Helper()
	prefix := filepath.Join(t.TempDir(), "page")
	if b, err := exec.Command("pdftoppm", "-r", fmt.Sprint(dpi), "-png", path, prefix).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, b)
	}
	pages, _ := filepath.Glob(prefix + "*.png")
	if len(pages) == 0 {
		t.Fatal("pdftoppm rendered no pages")
	}
	var got []string
	for _, pg := range pages {
		// zbarimg exits 4 when it finds no code: that is a result, not a failure.
		cmd := exec.Command("zbarimg", "-q", "--raw", "-Sdisable", "-Sqrcode.enable", pg)
		out, err := cmd.Output()
		if err != nil && cmd.ProcessState.ExitCode() != 4 {
			t.Fatalf("zbarimg %s: %v", pg, err)
		}
		got = append(got, strings.Fields(string(out))...)
	}
	slices.Sort(got)
	return got
}

// missingFrom lists what of a is not in b.
func missingFrom(a, b []string) []string {
	var out []string
	for _, s := range a {
		if !slices.Contains(b, s) {
			out = append(out, s)
		}
	}
	return out
}

// Every label code is laid out as scanners need: modules of whole dots at
// 150 and 300 dpi, the corner on that grid, a quiet zone of four modules
// inside the label.
func TestPlaceQRWholeDots(t *testing.T) {
	for _, fm := range []LabelFormat{LabelsA4, LabelsLetter} {
		for _, n := range []int{21, 25, 29} { // QR versions 1 to 3
			for k := range fm.Cols * fm.Rows {
				x := fm.Left + float64(k%fm.Cols)*fm.PitchX
				y := fm.Top + float64(k/fm.Cols)*fm.PitchY
				at := placeQR(n, x+labelEdgeClear, y+labelEdgeClear, fm.H-2*labelEdgeClear)
				for _, dpi := range []float64{150, 300} {
					for what, mm := range map[string]float64{"module": at.Module, "left": at.CodeX, "top": at.CodeY} {
						if px := mm / 25.4 * dpi; math.Abs(px-math.Round(px)) > 1e-6 {
							t.Errorf("%s, %d modules, label %d: %s %.4f mm is %.3f dots at %.0f dpi", fm.Name, n, k+1, what, mm, px, dpi)
						}
					}
				}
				if at.Module < 2*qrDot {
					t.Errorf("%s, %d modules: module %.3f mm is under two dots at 150 dpi", fm.Name, n, at.Module)
				}
				quiet := min(at.CodeX-x, at.CodeY-y, x+fm.W-(at.CodeX+float64(n)*at.Module), y+fm.H-(at.CodeY+float64(n)*at.Module))
				if quiet < 4*at.Module {
					t.Errorf("%s, %d modules, label %d: quiet zone %.2f mm is under four modules (%.2f mm)", fm.Name, n, k+1, quiet, 4*at.Module)
				}
				if at.X < x+labelEdgeClear-1e-9 || at.Y < y+labelEdgeClear-1e-9 || at.Y+at.Side > y+fm.H-labelEdgeClear+1e-9 {
					t.Errorf("%s, %d modules, label %d: code and quiet zone %+v leave the label", fm.Name, n, k+1, at)
				}
			}
		}
	}
}

// Label codes use error correction M or better: the decoder reports the level.
func TestLabelQRErrorCorrection(t *testing.T) {
	for _, tag := range []string{"HV-001", "ST-000001", "ST-1234567890", "laptop-åberg-0042"} {
		code, err := labelQR(tag)
		if err != nil {
			t.Fatal(err)
		}
		img := image.NewGray(image.Rect(0, 0, (code.Bounds().Dx()+8)*4, (code.Bounds().Dy()+8)*4))
		for i := range img.Pix {
			img.Pix[i] = 0xff
		}
		for y := range code.Bounds().Dy() {
			for x := range code.Bounds().Dx() {
				if r, _, _, _ := code.At(x, y).RGBA(); r < 0x8000 {
					for dy := range 4 {
						for dx := range 4 {
							img.Pix[(16+y*4+dy)*img.Stride+16+x*4+dx] = 0
						}
					}
				}
			}
		}
		bmp, _ := gozxing.NewBinaryBitmapFromImage(img)
		res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
		if err != nil {
			t.Fatalf("%s: %v", tag, err)
		}
		level := res.GetResultMetadata()[gozxing.ResultMetadataType_ERROR_CORRECTION_LEVEL]
		if res.GetText() != tag || !slices.Contains([]any{"M", "Q", "H"}, level) {
			t.Errorf("%s: read %q at level %v, want the tag at M or better", tag, res.GetText(), level)
		}
	}
}
