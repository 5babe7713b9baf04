#!/usr/bin/env python3
"""Checks a staging repository that `mvn deploy -DaltDeploymentRepository=local::file:<dir>` wrote.

Usage: staging_check.py <staging dir> [--signed]

What Maven Central asks of a release, checked on what the build really deploys:
- exactly the published artifacts (coro-parent, coro-bom, coro-reactor, coro-spring-boot-starter), all at one version,
  in the Maven 2 layout, nothing else (the sample app, the benchmarks and test-only modules must not be deployed);
- every file has .md5 and .sha1 files that match its bytes (and .sha256/.sha512 when present), and with --signed a
  .asc signature beside it;
- every POM, with what it inherits from its staged parent: groupId, artifactId, version, name, description, url,
  licenses (name and url), scm (url and connection), developers; no unresolved ${...} in them;
- each jar has its -sources.jar (a .java file for every top-level class) and its -javadoc.jar (index.html and a page
  per public top-level class), and a stable module name (Automatic-Module-Name in the manifest, or a module-info);
- the BOM has no parent and manages exactly the published jars, at the staged version.
Prints one line per check that fails and exits 1, or prints a summary and exits 0.
"""

import hashlib
import re
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

GROUP = "dev.coro"
# artifactId -> (packaging, module name for jars)
PUBLISHED = {
    "coro-parent": ("pom", None),
    "coro-bom": ("pom", None),
    "coro-reactor": ("jar", "dev.coro"),
    "coro-spring-boot-starter": ("jar", "dev.coro.spring"),
}
BOM = "coro-bom"
NS = {"m": "http://maven.apache.org/POM/4.0.0"}
JAVA_KEYWORDS = set(
    """abstract assert boolean break byte case catch char class const continue default do double else enum extends
    final finally float for goto if implements import instanceof int interface long native new package private
    protected public return short static strictfp super switch synchronized this throw throws transient try void
    volatile while true false null _""".split()
)

problems = []
checks = 0


def fail(message):
    problems.append(message)


def count(n=1):
    global checks
    checks += n


def text(element, path):
    found = element.find(path, NS)
    return found.text.strip() if found is not None and found.text else None


def check_checksums(file, signed):
    data = file.read_bytes()
    for ext, algorithm, required in (
        ("md5", "md5", True),
        ("sha1", "sha1", True),
        ("sha256", "sha256", False),
        ("sha512", "sha512", False),
    ):
        sum_file = file.with_name(file.name + "." + ext)
        count()
        if not sum_file.exists():
            if required:
                fail(f"{file}: no .{ext} checksum")
            continue
        recorded = sum_file.read_text().split()[0].lower() if sum_file.read_text().split() else ""
        actual = hashlib.new(algorithm, data).hexdigest()
        if recorded != actual:
            fail(f"{sum_file}: {recorded!r} does not match the file ({actual})")
    if signed:
        count()
    if signed and not file.with_name(file.name + ".asc").exists():
        fail(f"{file}: no .asc signature (the release profile signs every file)")


def snapshot_files(version_dir, artifact, version):
    """file name for (extension, classifier), from the version's maven-metadata.xml for a SNAPSHOT."""
    if not version.endswith("-SNAPSHOT"):
        return None
    metadata = version_dir / "maven-metadata.xml"
    if not metadata.exists():
        fail(f"{version_dir}: a SNAPSHOT without maven-metadata.xml")
        return {}
    check_checksums(metadata, signed=False)
    names = {}
    for sv in ET.parse(metadata).getroot().iterfind("versioning/snapshotVersions/snapshotVersion"):
        ext = sv.findtext("extension")
        classifier = sv.findtext("classifier") or ""
        value = sv.findtext("value")
        suffix = f"-{classifier}" if classifier else ""
        names[(ext, classifier)] = f"{artifact}-{value}{suffix}.{ext}"
    return names


def file_of(version_dir, artifact, version, names, ext, classifier=""):
    if names is not None:
        name = names.get((ext, classifier))
        if name is None:
            return None
    else:
        suffix = f"-{classifier}" if classifier else ""
        name = f"{artifact}-{version}{suffix}.{ext}"
    path = version_dir / name
    return path if path.exists() else None


def valid_module_name(name):
    return all(re.fullmatch(r"[A-Za-z_$][A-Za-z0-9_$]*", part) and part not in JAVA_KEYWORDS
               for part in name.split("."))


def check_jar(artifact, jar, sources, javadoc, module_name):
    with zipfile.ZipFile(jar) as z:
        entries = z.namelist()
        manifest = z.read("META-INF/MANIFEST.MF").decode("utf-8") if "META-INF/MANIFEST.MF" in entries else ""
    count(4)  # classes, module name, sources, javadoc
    classes = [e for e in entries if e.endswith(".class") and "$" not in e and not e.endswith("module-info.class")
               and not e.startswith("META-INF/")]
    if not classes:
        fail(f"{jar}: no classes")
    declared = re.search(r"^Automatic-Module-Name:\s*(\S+)", manifest, re.MULTILINE)
    if "module-info.class" in entries:
        pass  # a real module: its name is in the descriptor
    elif not declared:
        fail(f"{jar}: neither module-info.class nor Automatic-Module-Name (see docs/adr/0012-module-names.md)")
    elif declared.group(1) != module_name:
        fail(f"{jar}: Automatic-Module-Name {declared.group(1)}, expected {module_name}")
    elif not valid_module_name(declared.group(1)):
        fail(f"{jar}: Automatic-Module-Name {declared.group(1)} is not a valid module name")

    if sources is None:
        fail(f"{artifact}: no -sources.jar")
    else:
        with zipfile.ZipFile(sources) as z:
            java = set(z.namelist())
        missing = [c for c in classes if c[: -len(".class")] + ".java" not in java]
        if missing:
            fail(f"{sources}: no source for {', '.join(missing[:5])}")
    if javadoc is None:
        fail(f"{artifact}: no -javadoc.jar")
    else:
        with zipfile.ZipFile(javadoc) as z:
            pages = set(z.namelist())
        if "index.html" not in pages:
            fail(f"{javadoc}: no index.html")
        # Every public top-level class has its page (package-private ones have none and need none).
        with zipfile.ZipFile(jar) as z:
            public = [c for c in classes if not c.endswith("package-info.class") and is_public(z.read(c))]
        if not public:
            fail(f"{jar}: no public class")
        undocumented = [c for c in public if c[: -len(".class")] + ".html" not in pages]
        if undocumented:
            fail(f"{javadoc}: no page for {', '.join(undocumented[:5])}")
    return len(classes)


def is_public(class_bytes):
    """ACC_PUBLIC of a class file: the access flags follow the constant pool, which is walked entry by entry."""
    count = int.from_bytes(class_bytes[8:10], "big")
    i, index = 10, 1
    sizes = {1: None, 3: 4, 4: 4, 5: 8, 6: 8, 7: 2, 8: 2, 9: 4, 10: 4, 11: 4, 12: 4, 15: 3, 16: 2, 17: 4, 18: 4,
             19: 2, 20: 2}
    while index < count:
        tag = class_bytes[i]
        if tag == 1:
            i += 3 + int.from_bytes(class_bytes[i + 1:i + 3], "big")
        else:
            i += 1 + sizes[tag]
        index += 2 if tag in (5, 6) else 1
    return bool(int.from_bytes(class_bytes[i:i + 2], "big") & 0x0001)


def effective(poms, artifact, field_paths):
    """The first value of each field along the parent chain within the staging repository."""
    values = {}
    pom = poms.get(artifact)
    seen = set()
    while pom is not None and artifact not in seen:
        seen.add(artifact)
        for key, path in field_paths.items():
            if key not in values:
                value = text(pom, path)
                if value:
                    values[key] = value
        parent = pom.find("m:parent", NS)
        if parent is None:
            break
        artifact = text(parent, "m:artifactId")
        if text(parent, "m:groupId") != GROUP or artifact not in poms:
            fail(f"parent {text(parent, 'm:groupId')}:{artifact} of a published POM is not in the staging repository")
            break
        pom = poms[artifact]
    return values


REQUIRED = {
    "groupId": "m:groupId",
    "version": "m:version",
    "name": "m:name",
    "description": "m:description",
    "url": "m:url",
    "license name": "m:licenses/m:license/m:name",
    "license url": "m:licenses/m:license/m:url",
    "scm url": "m:scm/m:url",
    "scm connection": "m:scm/m:connection",
    "developer": "m:developers/m:developer/m:name",
}


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    signed = "--signed" in sys.argv
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    root = Path(args[0])
    group_dir = root / GROUP.replace(".", "/")
    if not group_dir.is_dir():
        print(f"staging check: {group_dir} does not exist: nothing was deployed", file=sys.stderr)
        return 1

    # Nothing outside dev/coro, nothing unexpected inside it.
    for path in root.rglob("*"):
        if path.is_file() and group_dir not in path.parents:
            fail(f"{path}: outside {GROUP}")
    deployed = {p.name for p in group_dir.iterdir() if p.is_dir()}
    for extra in sorted(deployed - PUBLISHED.keys()):
        fail(f"{GROUP}:{extra} was deployed: a module that is not published sets maven.deploy.skip (or is added to "
             f"PUBLISHED in .ci/staging_check.py)")
    for absent in sorted(PUBLISHED.keys() - deployed):
        fail(f"{GROUP}:{absent} was not deployed")

    poms = {}
    versions = set()
    jars = {}
    for artifact in sorted(PUBLISHED.keys() & deployed):
        packaging, module_name = PUBLISHED[artifact]
        artifact_dir = group_dir / artifact
        metadata = artifact_dir / "maven-metadata.xml"
        if not metadata.exists():
            fail(f"{artifact_dir}: no maven-metadata.xml")
        else:
            check_checksums(metadata, signed=False)
        version_dirs = [p for p in artifact_dir.iterdir() if p.is_dir()]
        if len(version_dirs) != 1:
            fail(f"{artifact_dir}: {len(version_dirs)} versions, expected one")
            continue
        version_dir = version_dirs[0]
        version = version_dir.name
        versions.add(version)
        names = snapshot_files(version_dir, artifact, version)

        pom_file = file_of(version_dir, artifact, version, names, "pom")
        if pom_file is None:
            fail(f"{artifact}: no POM")
            continue
        check_checksums(pom_file, signed)
        pom = ET.parse(pom_file).getroot()
        poms[artifact] = pom
        if text(pom, "m:artifactId") != artifact:
            fail(f"{pom_file}: artifactId {text(pom, 'm:artifactId')}")
        if (text(pom, "m:packaging") or "jar") != packaging:
            fail(f"{pom_file}: packaging {text(pom, 'm:packaging') or 'jar'}, expected {packaging}")

        if packaging == "jar":
            files = {c: file_of(version_dir, artifact, version, names, "jar", c) for c in ("", "sources", "javadoc")}
            for f in files.values():
                if f is not None:
                    check_checksums(f, signed)
            if files[""] is None:
                fail(f"{artifact}: no jar")
            else:
                jars[artifact] = check_jar(artifact, files[""], files["sources"], files["javadoc"], module_name)

    if len(versions) > 1:
        fail(f"published artifacts at different versions: {sorted(versions)}")
    version = next(iter(versions)) if versions else None

    for artifact, pom in poms.items():
        values = effective(poms, artifact, REQUIRED)
        count(len(REQUIRED))
        for key in REQUIRED:
            value = values.get(key)
            if not value:
                fail(f"{artifact}: the POM has no {key} (own or inherited); Maven Central requires it")
            elif "${" in value:
                fail(f"{artifact}: {key} is not resolved: {value}")
        if values.get("version") and values["version"] != version:
            fail(f"{artifact}: version {values['version']} but deployed as {version}")
        if values.get("license name") and "Apache" not in values["license name"]:
            fail(f"{artifact}: license {values['license name']}, expected Apache-2.0")

    count(3)  # the set of artifacts deployed, one version, the BOM
    bom = poms.get(BOM)
    if bom is not None:
        if bom.find("m:parent", NS) is not None:
            fail(f"{BOM}: has a parent, whose dependencyManagement would be imported with the BOM")
        managed = {}
        for dep in bom.iterfind("m:dependencyManagement/m:dependencies/m:dependency", NS):
            managed[(text(dep, "m:groupId"), text(dep, "m:artifactId"))] = text(dep, "m:version")
        expected = {(GROUP, a) for a, (packaging, _) in PUBLISHED.items() if packaging == "jar"}
        if set(managed) != expected:
            fail(f"{BOM}: manages {sorted(a for _, a in managed)}, expected {sorted(a for _, a in expected)}")
        for (g, a), v in managed.items():
            if v not in ("${project.version}", version):
                fail(f"{BOM}: {a} at {v}, expected the BOM's own version {version}")

    failed = len(problems)
    if problems:
        for p in problems:
            print("staging check: " + p, file=sys.stderr)
        print(f"staging check: {failed} problem(s) in {root}", file=sys.stderr)
        print(f"staging-check: {max(checks - failed, 0)} passed, {failed} failed")
        return 1
    summary = ", ".join(f"{a} ({PUBLISHED[a][0]}{', %d classes' % jars[a] if a in jars else ''})" for a in sorted(poms))
    print(f"staging check: OK, version {version}: {summary}; POM metadata, checksums"
          f"{', signatures' if signed else ''}, sources and Javadoc jars, module names")
    print(f"staging-check: {checks} passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
