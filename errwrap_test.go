package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestStoreMethodsSayWhere: every exported method of the SQLite and the
// PostgreSQL Store that returns an error starts with
//
//	defer assets.Wrap(&err, "sqlite.Method")
//
// (named error result), so an internal error names the operation that
// failed (ARCHITECTURE: errors that say where).
func TestStoreMethodsSayWhere(t *testing.T) {
	for _, pkg := range []string{"sqlite", "postgres"} {
		files, err := filepath.Glob(filepath.Join("assets", pkg, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		fset := token.NewFileSet()
		n := 0
		for _, path := range files {
			if strings.HasSuffix(path, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, path, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range f.Decls {
				fd, ok := d.(*ast.FuncDecl)
				if !ok || fd.Recv == nil || fd.Body == nil || !fd.Name.IsExported() || !onStore(fd) || !returnsError(fd) {
					continue
				}
				n++
				want := pkg + "." + fd.Name.Name
				if got := wrapOp(fd); got != want {
					t.Errorf("%s: (*%s.Store).%s does not start with defer assets.Wrap(&err, %q) (got %q)",
						fset.Position(fd.Pos()), pkg, fd.Name.Name, want, got)
				}
			}
		}
		if n < 100 {
			t.Errorf("%s: found only %d methods", pkg, n)
		}
	}
}

func onStore(fd *ast.FuncDecl) bool {
	star, ok := fd.Recv.List[0].Type.(*ast.StarExpr)
	if !ok {
		return false
	}
	id, ok := star.X.(*ast.Ident)
	return ok && id.Name == "Store"
}

func returnsError(fd *ast.FuncDecl) bool {
	r := fd.Type.Results
	if r == nil || len(r.List) == 0 {
		return false
	}
	id, ok := r.List[len(r.List)-1].Type.(*ast.Ident)
	return ok && id.Name == "error"
}

// wrapOp is the operation named by the method's first statement when it is
// defer assets.Wrap(&<its error result>, "op"), else "".
func wrapOp(fd *ast.FuncDecl) string {
	if len(fd.Body.List) == 0 {
		return ""
	}
	ds, ok := fd.Body.List[0].(*ast.DeferStmt)
	if !ok || len(ds.Call.Args) != 2 {
		return ""
	}
	sel, ok := ds.Call.Fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Wrap" {
		return ""
	}
	if x, ok := sel.X.(*ast.Ident); !ok || x.Name != "assets" {
		return ""
	}
	last := fd.Type.Results.List[len(fd.Type.Results.List)-1]
	if len(last.Names) == 0 {
		return ""
	}
	u, ok := ds.Call.Args[0].(*ast.UnaryExpr)
	if !ok || u.Op != token.AND {
		return ""
	}
	if id, ok := u.X.(*ast.Ident); !ok || id.Name != last.Names[len(last.Names)-1].Name {
		return ""
	}
	lit, ok := ds.Call.Args[1].(*ast.BasicLit)
	if !ok {
		return ""
	}
	op, _ := strconv.Unquote(lit.Value)
	return op
}
