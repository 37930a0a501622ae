#ifndef CURATE_CLIBXML2_SHIM_H
#define CURATE_CLIBXML2_SHIM_H
#include <libxml/parser.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xmlerror.h>
#endif
