#pragma once
#include "../src/rd.h"
