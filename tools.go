//go:build tools

// Package main's tools.go pins modules that packages in this tree use, so that
// parallel work does not keep rewriting go.mod.
package main

import (
	_ "codeberg.org/go-pdf/fpdf"
	_ "fyne.io/fyne/v2/app"
	_ "github.com/grandcat/zeroconf"
	_ "github.com/jaypipes/ghw"
	_ "github.com/makiuchi-d/gozxing"
	_ "github.com/mattn/go-sqlite3"
	_ "github.com/miekg/dns"
	_ "github.com/xuri/excelize/v2"
	_ "golang.org/x/crypto/scrypt"
)
