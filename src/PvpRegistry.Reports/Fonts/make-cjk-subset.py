"""Makes the report's CJK font subsets from Noto Sans CJK SC (see README-NotoSansCJK.md).

usage: python3 make-cjk-subset.py NotoSansCJK-Regular.ttc NotoSansCJK-Bold.ttc OUTDIR TEXTS.zh-CN.resx...
"""
import sys
import xml.etree.ElementTree as ET
from fontTools import subset
from fontTools.ttLib import TTCollection

SC_FACE = 2  # Noto Sans CJK SC in Debian's collections (JP, KR, SC, TC, HK, then the Mono faces)


def gb2312(rows):
    chars = set()
    for row in rows:
        for cell in range(1, 95):
            try:
                chars.add(bytes([0xA0 + row, 0xA0 + cell]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def main(regular, bold, out, *resx_files):
    chars = gb2312(range(1, 10)) | gb2312(range(16, 56))  # symbols and punctuation, level-1 hanzi (3,755)
    chars |= {chr(c) for c in range(0x20, 0x7F)}  # Basic Latin
    chars |= {chr(c) for c in range(0x3000, 0x3040)} | {chr(c) for c in range(0xFF01, 0xFF5F)}  # CJK punctuation, fullwidth forms
    for resx in resx_files:
        for value in ET.parse(resx).getroot().iter("value"):
            chars |= set(value.text or "")  # every character of the Chinese texts a report prints, level 2 included
    for source, name in ((regular, "NotoSansCJKsc-Regular-subset.otf"), (bold, "NotoSansCJKsc-Bold-subset.otf")):
        font = TTCollection(source).fonts[SC_FACE]
        options = subset.Options()
        options.hinting = False
        options.name_IDs = ["*"]
        options.name_languages = ["*"]
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=[ord(c) for c in chars if c.strip() or c == " "])
        subsetter.subset(font)
        font.save(f"{out}/{name}")


if __name__ == "__main__":
    main(*sys.argv[1:])
