#!/usr/bin/env python3
"""Flash and static RAM per component of a GNU ld link map (arm-none-eabi, -Wl,-Map).

Usage: link_map_footprint.py IMAGE.map [IMAGE.map ...]
Prints one table per map. Only input sections the linker kept are counted (the map's
"Discarded input sections" part is skipped), so the numbers are what each component really
costs in that image after --gc-sections.
  flash = bytes in .text (code, rodata, vectors), .ARM.exidx and the load image of .data
  RAM   = .data + .bss + .noinit (static RAM; the stack comes on top)
"""
import os
import re
import sys

FLASH_SECTIONS = {'.text', '.ARM.exidx', '.data'}
RAM_SECTIONS = {'.data', '.bss', '.noinit'}
# Path pattern -> component, first match wins. The images are PlatformIO's: each library is
# an archive named after its folder (libnanorpc.a, libnanopb-0.4.7.a, libNanoRPCGenerated.a:
# the nanopb code generated from the demo's .proto files, nanorpc.proto included, which only
# the app uses) and the project's sources are objects under <build>/src/.
COMPONENTS = [
    (r'/libnanorpc\.a\(', 'NanoRPC library'),
    (r'/libnanopb[^/]*\.a\(', 'nanopb runtime'),
    (r'/libNanoRPCGenerated\.a\(', 'demo app'),
    (r'/src/app/', 'demo app'),
    (r'/src/(boards|ports)/', 'board + port'),
    (r'/lib(c|c_nano|gcc)\.a\(', 'libc + libgcc'),
]
ORDER = ['NanoRPC library', 'nanopb runtime', 'demo app', 'board + port', 'libc + libgcc',
         'alignment']

OUTPUT_SECTION = re.compile(r'^(\.[\w.]+)\s')
# " .text.name  0xADDR  0xSIZE file" or, when the name is long, the same without the name on
# the next line; " *fill*  0xADDR  0xSIZE" for alignment padding.
INPUT_SECTION = re.compile(r'^ (?:(\S+))?\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S.*)$')
FILL = re.compile(r'^ \*fill\*\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)')


def component_of(path):
    for pattern, name in COMPONENTS:
        if re.search(pattern, path):
            return name
    return 'other'


def footprint(map_path):
    sizes = {}
    section = None
    in_memory_map = False
    pending_name = None
    # Merged string sections of one object are listed once per name with the same address
    # range: count every byte of an output section once.
    covered_end = 0
    with open(map_path, encoding='utf-8') as lines:
        for line in lines:
            line = line.rstrip('\n')
            if not in_memory_map:
                in_memory_map = line.startswith('Linker script and memory map')
                continue
            heading = OUTPUT_SECTION.match(line)
            if heading:
                section, covered_end = heading.group(1), 0
                continue
            if section not in FLASH_SECTIONS | RAM_SECTIONS:
                continue
            fill = FILL.match(line)
            match = INPUT_SECTION.match(line)
            if fill:
                component, address, size = 'alignment', fill.group(1), fill.group(2)
            elif match and (match.group(1) or pending_name):
                component = component_of(match.group(4))
                address, size = match.group(2), match.group(3)
                pending_name = None
            else:
                if re.match(r'^ \.\S+$', line):
                    pending_name = line.strip()  # a long input section name; sizes follow
                continue
            start, end = int(address, 16), int(address, 16) + int(size, 16)
            add(sizes, component, section, max(0, end - max(start, covered_end)))
            covered_end = max(covered_end, end)
    return sizes


def add(sizes, component, section, size):
    flash, ram = sizes.get(component, (0, 0))
    sizes[component] = (flash + (size if section in FLASH_SECTIONS else 0),
                        ram + (size if section in RAM_SECTIONS else 0))


def print_table(map_path, sizes):
    print(os.path.basename(map_path))
    print(f'  {"component":<28}{"flash (B)":>10}{"RAM (B)":>10}')
    names = [n for n in ORDER if n in sizes] + sorted(set(sizes) - set(ORDER))
    for name in names:
        flash, ram = sizes[name]
        print(f'  {name:<28}{flash:>10}{ram:>10}')
    if 'NanoRPC library' in sizes and 'nanopb runtime' in sizes:
        flash = sizes['NanoRPC library'][0] + sizes['nanopb runtime'][0]
        ram = sizes['NanoRPC library'][1] + sizes['nanopb runtime'][1]
        print(f'  {"= library + nanopb runtime":<28}{flash:>10}{ram:>10}')
    total_flash = sum(f for f, _ in sizes.values())
    total_ram = sum(r for _, r in sizes.values())
    print(f'  {"= whole image":<28}{total_flash:>10}{total_ram:>10}')


def main(argv):
    if len(argv) < 2:
        sys.stderr.write(__doc__)
        return 2
    for map_path in argv[1:]:
        print_table(map_path, footprint(map_path))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
