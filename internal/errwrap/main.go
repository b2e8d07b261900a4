// Command errwrap adds `defer assets.Wrap(&err, "<pkg>.<Method>")` to every
// exported method of *Store that returns an error, naming the results; it
// skips methods already wrapped. Run it after adding store methods:
//
//	go run ./internal/errwrap assets/sqlite sqlite && go run ./internal/errwrap assets/postgres postgres && gofmt -w assets
//
// (TestStoreMethodsSayWhere names any method it has not seen.)
package main

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

type edit struct {
	pos, end int
	text     string
}

func main() {
	dir, prefix := os.Args[1], os.Args[2]
	files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	total := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		n, err := rewrite(f, prefix)
		if err != nil {
			fmt.Fprintln(os.Stderr, f, err)
			os.Exit(1)
		}
		total += n
	}
	fmt.Println("methods:", total)
}

func rewrite(path, prefix string) (int, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, path, src, parser.ParseComments)
	if err != nil {
		return 0, err
	}
	off := func(p token.Pos) int { return fset.Position(p).Offset }
	var edits []edit
	n := 0
	for _, d := range file.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv == nil || fd.Body == nil || !fd.Name.IsExported() {
			continue
		}
		star, ok := fd.Recv.List[0].Type.(*ast.StarExpr)
		if !ok {
			continue
		}
		if id, ok := star.X.(*ast.Ident); !ok || id.Name != "Store" {
			continue
		}
		res := fd.Type.Results
		if res == nil || len(res.List) == 0 {
			continue
		}
		last := res.List[len(res.List)-1]
		if id, ok := last.Type.(*ast.Ident); !ok || id.Name != "error" {
			continue
		}
		if len(fd.Body.List) > 0 {
			if ds, ok := fd.Body.List[0].(*ast.DeferStmt); ok {
				if sel, ok := ds.Call.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Wrap" {
					continue // done already
				}
			}
		}
		name := "err"
		if len(last.Names) > 0 {
			nm := last.Names[len(last.Names)-1]
			if nm.Name == "_" {
				edits = append(edits, edit{off(nm.Pos()), off(nm.End()), "err"})
			} else {
				name = nm.Name
			}
		} else {
			// Unnamed: rewrite the whole result list.
			var parts []string
			for i, r := range res.List {
				t := string(src[off(r.Type.Pos()):off(r.Type.End())])
				if i == len(res.List)-1 {
					parts = append(parts, "err "+t)
				} else {
					parts = append(parts, "_ "+t)
				}
			}
			edits = append(edits, edit{off(res.Pos()), off(res.End()), "(" + strings.Join(parts, ", ") + ")"})
			if res.Opening == token.NoPos { // a lone `error`
				edits[len(edits)-1] = edit{off(last.Type.Pos()), off(last.Type.End()), "(err error)"}
			}
		}
		for _, p := range fd.Type.Params.List {
			for _, nm := range p.Names {
				if nm.Name == name {
					return 0, fmt.Errorf("%s: a parameter is named %s", fd.Name.Name, name)
				}
			}
		}
		lb := off(fd.Body.Lbrace)
		line := fmt.Sprintf("\n\tdefer assets.Wrap(&%s, %q)", name, prefix+"."+fd.Name.Name)
		if src[lb+1] != '\n' {
			line += "\n"
		}
		edits = append(edits, edit{lb + 1, lb + 1, line})
		n++
	}
	if n == 0 {
		return 0, nil
	}
	// Import steward/assets where missing (and not the package itself).
	has := false
	for _, im := range file.Imports {
		p, _ := strconv.Unquote(im.Path.Value)
		if p == "steward/assets" {
			has = true
			if im.Name != nil {
				return 0, fmt.Errorf("steward/assets imported as %s", im.Name.Name)
			}
		}
	}
	if !has {
		var gd *ast.GenDecl
		for _, d := range file.Decls {
			if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.IMPORT {
				gd = g
				break
			}
		}
		switch {
		case gd == nil:
			e := off(file.Name.End())
			edits = append(edits, edit{e, e, "\n\nimport \"steward/assets\"\n"})
		case gd.Lparen == token.NoPos:
			edits = append(edits, edit{off(gd.Pos()), off(gd.End()), "import (\n\t" + string(src[off(gd.Specs[0].Pos()):off(gd.End())]) + "\n\n\t\"steward/assets\"\n)"})
		default:
			lastSpec := gd.Specs[len(gd.Specs)-1].(*ast.ImportSpec)
			p, _ := strconv.Unquote(lastSpec.Path.Value)
			e := off(lastSpec.End())
			if strings.HasPrefix(p, "steward/") {
				edits = append(edits, edit{e, e, "\n\t\"steward/assets\""})
			} else {
				edits = append(edits, edit{e, e, "\n\n\t\"steward/assets\""})
			}
		}
	}
	sort.Slice(edits, func(i, j int) bool { return edits[i].pos > edits[j].pos })
	out := src
	for _, e := range edits {
		var b bytes.Buffer
		b.Write(out[:e.pos])
		b.WriteString(e.text)
		b.Write(out[e.end:])
		out = b.Bytes()
	}
	return n, os.WriteFile(path, out, 0o644)
}
