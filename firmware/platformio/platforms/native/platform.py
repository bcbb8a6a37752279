"""The native development platform: everything is in builder/main.py."""
from platformio.public import PlatformBase


class NativePlatform(PlatformBase):  # PlatformIO derives the class name from "native"
    pass
