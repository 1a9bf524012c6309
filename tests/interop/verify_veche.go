// SPDX-License-Identifier: AGPL-3.0-or-later
// verify_veche independently verifies a transparency-log fixture written by
// veche, using Go's reference implementation (golang.org/x/mod/sumdb/note and
// golang.org/x/mod/sumdb/tlog) rather than anything from veche itself. If veche
// and Go disagree on a signature, a hash, a proof or a tile byte, this fails.
//
// Usage: verify_veche FIXTURE_DIR
//
// FIXTURE_DIR layout (the contract with the C++ fixture generator):
//
//	vkey             signed-note verifier key "name+hex8+base64(0x01||pubkey)\n"
//	checkpoint       C2SP tlog-checkpoint: "<origin>\n<size>\n<b64 root>\n[<ext>\n]*\n— <name> <b64 sig>\n"
//	entries.bin      every entry, each as big-endian uint16 length + bytes
//	inclusion.txt    "<leafIndex> <treeSize> <b64 root> <b64 hash>..." per line
//	consistency.txt  "<size1> <size2> <b64 root1> <b64 root2> <b64 hash>..." per line
//	tile/            C2SP tlog-tiles: tile/<L>/<N>[.p/<W>], tile/entries/<N>[.p/<W>]
//
// Build offline in GOPATH mode against Debian's golang-golang-x-mod-dev:
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o verify_veche verify_veche.go
//
// It must stay buildable with the Go in Debian stable (1.19): no min/max
// builtins, no slices/maps packages.
package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// tileHeight is fixed by C2SP tlog-tiles (256-wide tiles); C2SP paths omit
// it, Go's tlog paths spell it out as "tile/8/...".
const tileHeight = 8

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "interop: FAIL: "+format+"\n", args...)
	os.Exit(1)
}

// hashStore is the in-memory hash storage that tlog.StoredHashes fills. An
// index past the end means the caller asked for a hash the tree (of the
// checkpoint's size) does not have yet, e.g. a tile that extends beyond it;
// that must be an error, never a panic or a zero hash.
type hashStore []tlog.Hash

func (s hashStore) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(indexes))
	for i, x := range indexes {
		if x < 0 || x >= int64(len(s)) {
			return nil, fmt.Errorf("stored hash index %d not in a tree of %d stored hashes", x, len(s))
		}
		out[i] = s[x]
	}
	return out, nil
}

// treeHash is tlog.TreeHash except for the empty tree: x/mod defines it as 32
// zero bytes, RFC 9162 (and therefore C2SP) as SHA-256 of the empty string.
func treeHash(n int64, s hashStore) tlog.Hash {
	if n == 0 {
		return tlog.Hash(sha256.Sum256(nil))
	}
	h, err := tlog.TreeHash(n, s)
	if err != nil {
		fail("tlog.TreeHash(%d): %v", n, err)
	}
	return h
}

func readFile(dir, name string) []byte {
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		fail("%v", err)
	}
	return b
}

// decodeHash parses one standard (padded) base64 hash. Go's decoder silently
// skips '\r' and '\n', so they are rejected first: a CRLF fixture is a bug.
func decodeHash(s string) (tlog.Hash, error) {
	if strings.ContainsAny(s, "\r\n") {
		return tlog.Hash{}, fmt.Errorf("hash %q contains a line break", s)
	}
	b, err := base64.StdEncoding.Strict().DecodeString(s)
	if err != nil {
		return tlog.Hash{}, fmt.Errorf("hash %q is not standard base64: %v", s, err)
	}
	if len(b) != tlog.HashSize {
		return tlog.Hash{}, fmt.Errorf("hash %q decodes to %d bytes, want %d", s, len(b), tlog.HashSize)
	}
	var h tlog.Hash
	copy(h[:], b)
	return h, nil
}

// parseDecimal accepts only canonical non-negative decimals (no sign, no
// leading zeros), as C2SP requires for the checkpoint size; the same rule is
// applied to the proof files so that format drift shows up here.
func parseDecimal(s string) (int64, error) {
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil || v < 0 || strconv.FormatInt(v, 10) != s {
		return 0, fmt.Errorf("%q is not a canonical non-negative decimal", s)
	}
	return v, nil
}

// splitLines splits a text file into lines that must each end in '\n'. An
// empty file has no lines. Blank lines are errors: they are not in the format.
func splitLines(name string, b []byte) []string {
	if len(b) == 0 {
		return nil
	}
	if b[len(b)-1] != '\n' {
		fail("%s: last line has no trailing newline", name)
	}
	lines := strings.Split(string(b[:len(b)-1]), "\n")
	for i, l := range lines {
		if l == "" {
			fail("%s:%d: blank line", name, i+1)
		}
		if strings.ContainsRune(l, '\r') {
			fail("%s:%d: carriage return (CRLF line endings?)", name, i+1)
		}
	}
	return lines
}

// parseBundle decodes a sequence of uint16-length-prefixed entries, the
// encoding of both entries.bin and a C2SP entry bundle.
func parseBundle(name string, b []byte) [][]byte {
	var out [][]byte
	for off := 0; off < len(b); {
		if len(b)-off < 2 {
			fail("%s: entry %d: truncated length prefix at byte offset %d", name, len(out), off)
		}
		n := int(binary.BigEndian.Uint16(b[off:]))
		off += 2
		if len(b)-off < n {
			fail("%s: entry %d: length %d at byte offset %d runs past end of file (%d bytes left)",
				name, len(out), n, off-2, len(b)-off)
		}
		out = append(out, b[off:off+n])
		off += n
	}
	return out
}

// preview quotes an entry for an error message, cut short so that a mismatch
// in a large binary entry stays readable.
func preview(b []byte) string {
	const max = 64
	if len(b) <= max {
		return fmt.Sprintf("%q", b)
	}
	return fmt.Sprintf("%q... (%d bytes)", b[:max], len(b))
}

type checkpoint struct {
	origin     string
	size       int64
	root       tlog.Hash
	extensions int // count of C2SP extension lines after the root
}

// checkCheckpoint performs checks 1 and 2: the signature verifies with Go's
// note package, a tampered copy does not, and the body parses.
func checkCheckpoint(dir string) checkpoint {
	vkeyFile := readFile(dir, "vkey")
	if !bytes.HasSuffix(vkeyFile, []byte("\n")) {
		fail("vkey: missing trailing newline")
	}
	vkey := string(vkeyFile[:len(vkeyFile)-1])
	if strings.ContainsAny(vkey, "\r\n") {
		fail("vkey: must be exactly one line, got %q", vkeyFile)
	}
	verifier, err := note.NewVerifier(vkey)
	if err != nil {
		fail("vkey: note.NewVerifier(%q): %v", vkey, err)
	}
	verifiers := note.VerifierList(verifier)

	msg := readFile(dir, "checkpoint")
	n, err := note.Open(msg, verifiers)
	if err != nil {
		fail("checkpoint: note.Open with key %q: %v\n--- checkpoint ---\n%s", verifier.Name(), err, msg)
	}

	body := strings.TrimSuffix(n.Text, "\n") // note.Open guarantees the '\n'
	lines := strings.Split(body, "\n")
	if len(lines) < 3 {
		fail("checkpoint: body has %d lines, want origin, size, root: %q", len(lines), n.Text)
	}
	var cp checkpoint
	// C2SP allows non-empty extension lines after the root hash. They are
	// signed but carry nothing this verifier can check, so only their
	// well-formedness is checked and their count reported.
	cp.extensions = len(lines) - 3
	for i, l := range lines[3:] {
		if l == "" {
			fail("checkpoint: extension line %d is empty: %q", i+1, n.Text)
		}
	}
	cp.origin = lines[0]
	if cp.origin != verifier.Name() {
		fail("checkpoint: origin %q != verifier key name %q", cp.origin, verifier.Name())
	}
	if cp.size, err = parseDecimal(lines[1]); err != nil {
		fail("checkpoint: tree size: %v", err)
	}
	if cp.root, err = decodeHash(lines[2]); err != nil {
		fail("checkpoint: root hash: %v", err)
	}

	// A verifier that accepts anything would make everything above vacuous.
	// Flip one bit of the root-hash line: base64 characters XOR 1 are still
	// printable ASCII, so the note stays well-formed and the only possible
	// objection is the signature itself.
	tampered := append([]byte(nil), msg...)
	pos := len(lines[0]) + 1 + len(lines[1]) + 1
	tampered[pos] ^= 0x01
	_, err = note.Open(tampered, verifiers)
	var sigErr *note.InvalidSignatureError
	if err == nil {
		fail("checkpoint: note.Open accepted a checkpoint whose root line was altered (%q -> %q)",
			msg[pos], tampered[pos])
	}
	if !errors.As(err, &sigErr) {
		fail("checkpoint: altered checkpoint was rejected for the wrong reason (want InvalidSignatureError): %v", err)
	}
	return cp
}

// buildTree performs check 3: recompute the whole tree with tlog from the
// raw entries and compare with the signed root.
func buildTree(dir string, cp checkpoint) ([][]byte, hashStore) {
	entries := parseBundle("entries.bin", readFile(dir, "entries.bin"))
	if int64(len(entries)) != cp.size {
		fail("entries.bin: %d entries, checkpoint tree size is %d", len(entries), cp.size)
	}
	var store hashStore
	for i, e := range entries {
		hashes, err := tlog.StoredHashes(int64(i), e, store)
		if err != nil {
			fail("tlog.StoredHashes(record %d): %v", i, err)
		}
		store = append(store, hashes...)
	}
	if got := treeHash(cp.size, store); got != cp.root {
		fail("checkpoint root %s != root %s recomputed by tlog from entries.bin (size %d)",
			cp.root, got, cp.size)
	}
	return entries, store
}

// checkInclusion performs check 4 and returns the number of proofs checked.
func checkInclusion(dir string, cp checkpoint, entries [][]byte, store hashStore) int {
	lines := splitLines("inclusion.txt", readFile(dir, "inclusion.txt"))
	if cp.size > 0 && len(lines) == 0 {
		fail("inclusion.txt: no proofs for a non-empty log (nothing would be tested)")
	}
	mutated := false
	for i, line := range lines {
		where := fmt.Sprintf("inclusion.txt:%d", i+1)
		f := strings.Split(line, " ")
		if len(f) < 3 {
			fail("%s: want \"<leafIndex> <treeSize> <root> <hash>...\", got %q", where, line)
		}
		leaf, err := parseDecimal(f[0])
		if err != nil {
			fail("%s: leaf index: %v", where, err)
		}
		size, err := parseDecimal(f[1])
		if err != nil {
			fail("%s: tree size: %v", where, err)
		}
		if size < 1 || size > cp.size || leaf >= size {
			fail("%s: need 0 <= leafIndex < treeSize <= %d (checkpoint size), got leafIndex=%d treeSize=%d",
				where, cp.size, leaf, size)
		}
		root, err := decodeHash(f[2])
		if err != nil {
			fail("%s: root: %v", where, err)
		}
		var proof tlog.RecordProof
		for j, s := range f[3:] {
			h, err := decodeHash(s)
			if err != nil {
				fail("%s: proof hash %d: %v", where, j, err)
			}
			proof = append(proof, h)
		}
		if want := treeHash(size, store); root != want {
			fail("%s: root %s for tree size %d, but tlog computes %s from entries.bin", where, root, size, want)
		}
		leafHash := tlog.RecordHash(entries[leaf])
		if err := tlog.CheckRecord(proof, size, root, leaf, leafHash); err != nil {
			fail("%s: tlog.CheckRecord(leaf %d in tree %d, %d proof hashes): %v", where, leaf, size, len(proof), err)
		}
		// Proofs are RFC 9162 order (leaf-level sibling first); a proof that
		// still verifies after damage means CheckRecord is not looking at it.
		// Done once, on the first proof that has a hash to damage.
		if !mutated && len(proof) > 0 {
			bad := append(tlog.RecordProof(nil), proof...)
			bad[0][0] ^= 0x01
			if tlog.CheckRecord(bad, size, root, leaf, leafHash) == nil {
				fail("%s: tlog.CheckRecord accepted the proof with its first hash altered", where)
			}
			mutated = true
		}
	}
	return len(lines)
}

// checkConsistency performs check 5 and returns the number of proofs checked.
func checkConsistency(dir string, cp checkpoint, store hashStore) int {
	lines := splitLines("consistency.txt", readFile(dir, "consistency.txt"))
	if cp.size > 1 && len(lines) == 0 {
		fail("consistency.txt: no proofs for a log of size %d (nothing would be tested)", cp.size)
	}
	mutated := false
	for i, line := range lines {
		where := fmt.Sprintf("consistency.txt:%d", i+1)
		f := strings.Split(line, " ")
		if len(f) < 4 {
			fail("%s: want \"<size1> <size2> <root1> <root2> <hash>...\", got %q", where, line)
		}
		size1, err := parseDecimal(f[0])
		if err != nil {
			fail("%s: size1: %v", where, err)
		}
		size2, err := parseDecimal(f[1])
		if err != nil {
			fail("%s: size2: %v", where, err)
		}
		// tlog (like RFC 6962's PROOF(m, D[n])) has no proof from the empty tree.
		if size1 < 1 || size1 > size2 || size2 > cp.size {
			fail("%s: need 1 <= size1 <= size2 <= %d (checkpoint size), got size1=%d size2=%d",
				where, cp.size, size1, size2)
		}
		root1, err := decodeHash(f[2])
		if err != nil {
			fail("%s: root1: %v", where, err)
		}
		root2, err := decodeHash(f[3])
		if err != nil {
			fail("%s: root2: %v", where, err)
		}
		var proof tlog.TreeProof
		for j, s := range f[4:] {
			h, err := decodeHash(s)
			if err != nil {
				fail("%s: proof hash %d: %v", where, j, err)
			}
			proof = append(proof, h)
		}
		if want := treeHash(size1, store); root1 != want {
			fail("%s: root1 %s for tree size %d, but tlog computes %s from entries.bin", where, root1, size1, want)
		}
		if want := treeHash(size2, store); root2 != want {
			fail("%s: root2 %s for tree size %d, but tlog computes %s from entries.bin", where, root2, size2, want)
		}
		// CheckTree takes the newer tree first.
		if err := tlog.CheckTree(proof, size2, root2, size1, root1); err != nil {
			fail("%s: tlog.CheckTree(%d -> %d, %d proof hashes): %v", where, size1, size2, len(proof), err)
		}
		if !mutated && len(proof) > 0 {
			bad := append(tlog.TreeProof(nil), proof...)
			bad[0][0] ^= 0x01
			if tlog.CheckTree(bad, size2, root2, size1, root1) == nil {
				fail("%s: tlog.CheckTree accepted the proof with its first hash altered", where)
			}
			mutated = true
		}
	}
	return len(lines)
}

// checkTiles performs check 6 and returns the number of hash tiles and entry
// bundles checked.
func checkTiles(dir string, cp checkpoint, entries [][]byte, store hashStore) (int, int) {
	root := filepath.Join(dir, "tile")
	seen := make(map[tlog.Tile]bool)
	nTiles, nBundles := 0, 0

	if _, err := os.Stat(root); err != nil {
		if cp.size == 0 && errors.Is(err, fs.ErrNotExist) {
			return 0, 0 // an empty log serves no tiles
		}
		fail("%v", err)
	}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		if !d.Type().IsRegular() {
			fail("%s: not a regular file", p)
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel) // "tile/..."
		// Translate the C2SP path into Go's, which carries the tile height
		// and names the entry level "data" instead of "entries". Go's parser
		// also insists that the path be canonical (re-encodes identically),
		// so e.g. "tile/0/1" or "tile/0/000.p/256" are rejected here.
		var goPath string
		if strings.HasPrefix(rel, "tile/entries/") {
			goPath = fmt.Sprintf("tile/%d/data/", tileHeight) + strings.TrimPrefix(rel, "tile/entries/")
		} else {
			goPath = fmt.Sprintf("tile/%d/", tileHeight) + strings.TrimPrefix(rel, "tile/")
		}
		t, err := tlog.ParseTilePath(goPath)
		if err != nil {
			fail("%s: not a valid C2SP tile path (as Go path %q: %v)", rel, goPath, err)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		seen[t] = true

		if t.L == -1 {
			first := t.N << tileHeight
			if first+int64(t.W) > cp.size {
				fail("%s: bundle covers entries [%d, %d) but the tree has only %d", rel, first, first+int64(t.W), cp.size)
			}
			got := parseBundle(rel, data)
			if len(got) != t.W {
				fail("%s: bundle holds %d entries, its path says %d", rel, len(got), t.W)
			}
			for i, e := range got {
				if want := entries[first+int64(i)]; !bytes.Equal(e, want) {
					fail("%s: entry %d (log index %d) is %s, entries.bin has %s", rel, i, first+int64(i), preview(e), preview(want))
				}
			}
			nBundles++
			return nil
		}

		want, err := tlog.ReadTileData(t, store)
		if err != nil {
			fail("%s: tlog.ReadTileData(%+v) for a tree of size %d: %v (tile beyond the tree?)", rel, t, cp.size, err)
		}
		if !bytes.Equal(data, want) {
			if len(data) != len(want) {
				fail("%s: %d bytes, want %d (%d hashes)", rel, len(data), len(want), t.W)
			}
			for i := 0; i < len(want); i += tlog.HashSize {
				if !bytes.Equal(data[i:i+tlog.HashSize], want[i:i+tlog.HashSize]) {
					fail("%s: hash %d differs: file has %x, tlog computes %x",
						rel, i/tlog.HashSize, data[i:i+tlog.HashSize], want[i:i+tlog.HashSize])
				}
			}
		}
		nTiles++
		return nil
	})
	if err != nil {
		fail("walking %s: %v", root, err)
	}

	// Every tile a client needs to authenticate this checkpoint must be
	// there: at each level all full tiles, plus the partial tile of exactly
	// the width the checkpoint size implies. Same for entry bundles.
	need := func(t tlog.Tile) {
		if !seen[t] {
			cpath := "tile/" + strings.TrimPrefix(t.Path(), fmt.Sprintf("tile/%d/", tileHeight))
			cpath = strings.Replace(cpath, "tile/data/", "tile/entries/", 1)
			fail("%s: missing (required for tree size %d)", cpath, cp.size)
		}
	}
	needLevel := func(level int, count int64) {
		for n := int64(0); n < count>>tileHeight; n++ {
			need(tlog.Tile{H: tileHeight, L: level, N: n, W: 1 << tileHeight})
		}
		if w := int(count & (1<<tileHeight - 1)); w > 0 {
			need(tlog.Tile{H: tileHeight, L: level, N: count >> tileHeight, W: w})
		}
	}
	needLevel(-1, cp.size)
	for level := 0; cp.size>>(tileHeight*level) > 0; level++ {
		needLevel(level, cp.size>>(tileHeight*level))
	}
	return nTiles, nBundles
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: verify_veche FIXTURE_DIR")
		os.Exit(2)
	}
	dir := os.Args[1]

	cp := checkCheckpoint(dir)
	entries, store := buildTree(dir, cp)
	nInc := checkInclusion(dir, cp, entries, store)
	nCons := checkConsistency(dir, cp, store)
	nTiles, nBundles := checkTiles(dir, cp, entries, store)

	ext := ""
	if cp.extensions > 0 {
		ext = fmt.Sprintf(" extensions=%d", cp.extensions)
	}
	fmt.Printf("interop: OK origin=%s size=%d inclusion=%d consistency=%d tiles=%d bundles=%d%s\n",
		cp.origin, cp.size, nInc, nCons, nTiles, nBundles, ext)
}
