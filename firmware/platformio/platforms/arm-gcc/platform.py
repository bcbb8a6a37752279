"""The arm-gcc development platform: everything is in builder/main.py and boards/."""
from platformio.public import PlatformBase


class ArmgccPlatform(PlatformBase):  # PlatformIO derives the class name from "arm-gcc"
    pass
